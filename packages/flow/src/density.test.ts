/**
 * Flow-level checks: exp(log p) integrates to 1 on a fine 2-D grid; each model's whole transform
 * passes the invertibility and numerical-Jacobian checks on 2-D points and 4x4x1 images; and the
 * dequantized likelihood of 8-bit data is a proper distribution over the discrete values.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { FlowCommonConfig } from './flow-config.js';
import type { FlowModel } from './flow-model.js';
import { Glow } from './glow.js';
import { MAF } from './maf.js';
import { RealNVP } from './real-nvp.js';
import { checkTransform, randomizeVariables } from './test-utils/transform-checks.js';
import { UniformDequantization } from './uniform-dequantization.js';

type AnyFlow = FlowModel<FlowCommonConfig>;

function randomized<T extends AnyFlow>(model: T, seed: number, std = 0.3): T {
  randomizeVariables((model as unknown as { params: { variables: tf.Variable[] } }).params.variables, seed, std);
  return model;
}

const pointModels: [string, () => AnyFlow][] = [
  ['RealNVP', () => new RealNVP({ inputShape: [2], numCouplings: 4, hiddenUnits: [16], seed: 1 })],
  ['Glow', () => new Glow({ inputShape: [2], numLevels: 1, stepsPerLevel: 3, hiddenUnits: [16], seed: 2 })],
  ['MAF', () => new MAF({ inputShape: [2], numLayers: 3, hiddenUnits: [16], seed: 3 })],
  ['IAF', () => new MAF({ inputShape: [2], numLayers: 2, hiddenUnits: [16], direction: 'iaf', seed: 4 })],
  ['conditional RealNVP (class 1)', () => new RealNVP({ inputShape: [2], numCouplings: 2, hiddenUnits: [8], numClasses: 2, seed: 5 })],
];

describe('exp(log p) integrates to 1 over a fine grid on 2-D', () => {
  for (const [name, create] of pointModels) {
    it(name, () => {
      const model = randomized(create(), 7, 0.15);
      const half = 7;
      const n = 281; // spacing 0.05
      const h = (2 * half) / (n - 1);
      try {
        const total = tf.tidy(() => {
          const axis = tf.linspace(-half, half, n);
          const xs = tf.reshape(tf.tile(tf.reshape(axis, [1, n]), [n, 1]), [-1]);
          const ys = tf.reshape(tf.tile(tf.reshape(axis, [n, 1]), [1, n]), [-1]);
          const grid = tf.stack([xs, ys], 1);
          const labels = model.numClasses > 0 ? { labels: new Array<number>(n * n).fill(1) } : {};
          return tf.sum(tf.exp(model.logProb(grid, labels))).dataSync()[0] * h * h;
        });
        expect(total).toBeGreaterThan(0.98);
        expect(total).toBeLessThan(1.02);
      } finally {
        model.dispose();
      }
    });
  }
});

describe("each model's whole transform inverts and has the numerical log|det J|", () => {
  for (const [name, create] of pointModels.slice(0, 4)) {
    it(`${name} on 2-D points`, () => {
      const model = randomized(create(), 8);
      const x = tf.tensor2d([[0.3, -1.2], [1.5, 0.4]]);
      try {
        checkTransform(model.flow.transform, x);
      } finally {
        x.dispose();
        model.dispose();
      }
    });
  }

  const imageModels: [string, () => AnyFlow][] = [
    ['RealNVP flat', () => new RealNVP({ inputShape: [4, 4, 1], numCouplings: 3, hiddenChannels: [4], preprocessing: 'none' })],
    [
      'RealNVP multi-scale',
      () => new RealNVP({ inputShape: [4, 4, 1], architecture: 'multi-scale', numScales: 2, couplingsPerScale: 2, hiddenChannels: [4], preprocessing: 'none' }),
    ],
    ['Glow', () => new Glow({ inputShape: [4, 4, 1], numLevels: 2, stepsPerLevel: 2, hiddenChannels: [4], preprocessing: 'none' })],
    ['MAF', () => new MAF({ inputShape: [2, 2, 1], numLayers: 2, hiddenUnits: [8], preprocessing: 'none' })],
  ];
  for (const [name, create] of imageModels) {
    it(`${name} on a small image`, () => {
      const model = randomized(create(), 9, 0.2);
      const shape = model.config.inputShape as number[];
      const x = tf.randomNormal([2, ...shape], 0, 1, 'float32', 5);
      try {
        checkTransform(model.flow.transform, x, {}, { logDet: 3e-2 });
      } finally {
        x.dispose();
        model.dispose();
      }
    });
  }
});

describe('dequantized likelihood of 8-bit data', () => {
  it('dequantization inverts exactly on the 256 levels with logAbsDet = -D log 256 and +D log 256', () => {
    const dq = new UniformDequantization(256);
    const x = tf.tidy(() => tf.div(tf.reshape(tf.range(0, 256), [2, 128]), 255));
    const forward = dq.forward(x, { seed: 3 });
    const back = dq.inverse(forward.outputs);
    try {
      expect(Array.from(back.outputs.dataSync())).toEqual(Array.from(x.dataSync()));
      const values = forward.outputs.dataSync();
      expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...values)).toBeLessThan(1);
      expect(forward.logAbsDet.dataSync()[0]).toBeCloseTo(-128 * Math.log(256), 3);
      expect(back.logAbsDet.dataSync()[1]).toBeCloseTo(128 * Math.log(256), 3);
    } finally {
      tf.dispose([x, forward.outputs, forward.logAbsDet, back.outputs, back.logAbsDet]);
    }
  });

  it('the probabilities of all 65 536 two-pixel images sum to about 1 (dequantization and logit counted)', () => {
    const model = randomized(new RealNVP({ inputShape: [2], numCouplings: 2, hiddenUnits: [8], preprocessing: 'dequantize-logit', seed: 2 }), 3);
    try {
      const total = tf.tidy(() => {
        const levels = tf.div(tf.range(0, 256), 255);
        const a = tf.reshape(tf.tile(tf.reshape(levels, [1, 256]), [256, 1]), [-1]);
        const b = tf.reshape(tf.tile(tf.reshape(levels, [256, 1]), [1, 256]), [-1]);
        return tf.sum(tf.exp(model.logProb(tf.stack([a, b], 1)))).dataSync()[0];
      });
      // One uniform draw per bin: a stratified Monte Carlo estimate of the integral of the density.
      expect(total).toBeGreaterThan(0.97);
      expect(total).toBeLessThan(1.03);
      // and bits/dim is -log2 p / D
      const x = tf.tensor2d([[0, 1], [100 / 255, 200 / 255]]);
      const bpdTensor = model.bitsPerDim(x);
      const lpTensor = model.logProb(x);
      expect(bpdTensor.dataSync()[1]).toBeCloseTo(-lpTensor.dataSync()[1] / (2 * Math.LN2), 4);
      tf.dispose([x, bpdTensor, lpTensor]);
    } finally {
      model.dispose();
    }
  });
});
