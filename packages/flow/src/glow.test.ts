import * as tf from '@tensorflow/tfjs-core';
import { describeGenerativeModelConformance } from '@genmodels/core-nn/testing';
import { describe, expect, it } from 'vitest';
import { Glow } from './glow.js';
import { resolveGlowConfig } from './glow-config.js';
import { invertMatrix, matMul, toRows } from './host-linear-algebra.js';
import { InvertibleConv1x1 } from './invertible-conv-1x1.js';
import { blobPoints, eightBitImages } from './test-utils/batches.js';

const tinyGlow = (seed: number) => new Glow({ inputShape: [4, 4, 1], numLevels: 2, stepsPerLevel: 2, hiddenChannels: [4], seed });

describeGenerativeModelConformance('Glow (4x4x1 8-bit images)', {
  createModel: tinyGlow,
  makeBatch: (seed) => eightBitImages(seed, [4, 4, 4, 1]),
});

describeGenerativeModelConformance('Glow (2-D points)', {
  createModel: (seed) => new Glow({ inputShape: [2], numLevels: 1, stepsPerLevel: 3, hiddenUnits: [16], seed }),
  makeBatch: (seed) => blobPoints(seed),
});

function actNormWeights(model: Glow): Record<string, number[]> {
  const weights = model.getWeights();
  const out: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(weights)) if (name.includes('/actnorm/')) out[name] = Array.from(t.dataSync());
  tf.dispose(Object.values(weights));
  return out;
}

describe('Glow ActNorm data-dependent initialization', () => {
  it('happens once, on the first training batch, normalizing it; later batches do not re-initialize', () => {
    const model = tinyGlow(1);
    const first = eightBitImages(1, [8, 4, 4, 1]);
    const second = eightBitImages(2, [8, 4, 4, 1]);
    try {
      const before = actNormWeights(model);
      expect(Object.entries(before).filter(([n]) => n.endsWith('initialized')).every(([, v]) => v[0] === 0)).toBe(true);
      // evaluation never initializes
      tf.dispose(Object.values(model.evaluateStep(first)));
      expect(actNormWeights(model)).toEqual(before);
      tf.dispose(Object.values(model.trainStep(first, { step: 0, epoch: 0, seed: 5 })));
      const after = actNormWeights(model);
      const flags = Object.entries(after).filter(([n]) => n.endsWith('initialized'));
      expect(flags.length).toBe(4);
      expect(flags.every(([, v]) => v[0] === 1)).toBe(true);
      // the biases moved away from zero: the layers saw data
      expect(Object.entries(after).some(([n, v]) => n.endsWith('bias') && v.some((b) => Math.abs(b) > 0.01))).toBe(true);
      // a later step changes the ActNorm parameters only by gradient steps (lr 1e-3), never by re-initialization
      const biasBefore = Object.entries(after).filter(([n]) => n.endsWith('bias'));
      tf.dispose(Object.values(model.trainStep(second, { step: 1, epoch: 0, seed: 6 })));
      const later = actNormWeights(model);
      for (const [name, values] of biasBefore) {
        values.forEach((v, i) => expect(Math.abs(later[name][i] - v), name).toBeLessThan(5e-3));
      }
    } finally {
      tf.dispose([first, second]);
      model.dispose();
    }
  });

  it('survives save/load: a loaded model keeps the trained ActNorm parameters when it trains on', () => {
    const source = tinyGlow(1);
    const target = tinyGlow(2);
    const batch = eightBitImages(3, [8, 4, 4, 1]);
    const other = eightBitImages(4, [8, 4, 4, 1]);
    try {
      tf.dispose(Object.values(source.trainStep(batch, { step: 0, epoch: 0, seed: 5 })));
      const weights = source.getWeights();
      target.setWeights(weights);
      tf.dispose(Object.values(weights));
      const saved = actNormWeights(target);
      // Training the loaded model on a very different batch must not re-run the initialization.
      tf.dispose(Object.values(target.trainStep(other, { step: 1, epoch: 0, seed: 6 })));
      const trained = actNormWeights(target);
      for (const [name, values] of Object.entries(saved)) {
        if (!name.endsWith('bias')) continue;
        values.forEach((v, i) => expect(Math.abs(trained[name][i] - v), name).toBeLessThan(5e-3));
      }
      // whereas a fresh model initializes from that batch, giving clearly different biases
      const fresh = tinyGlow(2);
      tf.dispose(Object.values(fresh.trainStep(other, { step: 1, epoch: 0, seed: 6 })));
      const freshValues = actNormWeights(fresh);
      fresh.dispose();
      const differs = Object.entries(saved).some(
        ([name, values]) => name.endsWith('bias') && values.some((v, i) => Math.abs(freshValues[name][i] - v) > 0.01),
      );
      expect(differs).toBe(true);
    } finally {
      tf.dispose([batch, other]);
      source.dispose();
      target.dispose();
    }
  });
});

describe('LU invertible 1x1 convolution', () => {
  it('stays invertible after training steps: W W^-1 = I, det = prod(exp(logScale)), and the flow inverts', () => {
    const model = tinyGlow(3);
    const batch = eightBitImages(7, [8, 4, 4, 1]);
    try {
      for (let step = 0; step < 15; step++) tf.dispose(Object.values(model.trainStep(batch, { step, epoch: 0, seed: step + 1 })));
      const convs = collectConvs(model);
      expect(convs.length).toBe(4);
      for (const conv of convs) {
        const w = conv.weight();
        const c = w.shape[0];
        const rows = toRows(w.dataSync(), c);
        w.dispose();
        const product = matMul(rows, invertMatrix(rows));
        product.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 4)));
        // logScale moved during training, and |det W| = exp(sum logScale) (P, L unit-triangular)
        const logScale = Array.from(conv.logScale.dataSync());
        const expectedLogDet = logScale.reduce((a, b) => a + b, 0);
        expect(logAbsDet(rows)).toBeCloseTo(expectedLogDet, 3);
      }
      // the whole trained transform (after dequantization and logit) inverts
      const transform = model.flow.transform;
      const x = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 3);
      const inner = (transform as unknown as { transforms: { forward: (t: tf.Tensor) => { outputs: tf.Tensor } }[] }).transforms[2];
      const z = tf.tidy(() => inner.forward(x).outputs);
      const back = tf.tidy(() => (inner as unknown as { inverse: (t: tf.Tensor) => { outputs: tf.Tensor } }).inverse(z).outputs);
      const error = tf.tidy(() => tf.max(tf.abs(tf.sub(back, x))).dataSync()[0]);
      expect(error).toBeLessThan(1e-4);
      tf.dispose([x, z, back]);
    } finally {
      batch.dispose();
      model.dispose();
    }
  });
});

describe('Glow config and sampling', () => {
  it('checks that the image can be squeezed numLevels times', () => {
    expect(() => resolveGlowConfig({ inputShape: [6, 6, 1], numLevels: 2 })).toThrow(/divisible by 4/);
  });

  it('temperature 0 gives the decoded zero latent and lower temperatures shrink the spread of the latents', () => {
    const model = new Glow({ inputShape: [2], numLevels: 1, stepsPerLevel: 2, hiddenUnits: [8], seed: 2 });
    try {
      const zero = tf.zeros([3, 2]);
      const decodedZero = model.decode(zero);
      const cold = model.sample(3, { temperature: 0, seed: 4 });
      expect(Array.from(cold.dataSync())).toEqual(Array.from(decodedZero.dataSync()).map((v) => expect.closeTo(v, 5)));
      const spread = (t: number) =>
        tf.tidy(() => {
          const s = model.sample(200, { temperature: t, seed: 9 });
          const z = model.encode(s);
          return tf.moments(z).variance.dataSync()[0];
        });
      expect(spread(0.5)).toBeLessThan(spread(1) * 0.5);
      tf.dispose([zero, decodedZero, cold]);
    } finally {
      model.dispose();
    }
  });
});

function collectConvs(model: Glow): InvertibleConv1x1[] {
  const found: InvertibleConv1x1[] = [];
  const visit = (node: unknown): void => {
    if (node instanceof InvertibleConv1x1) found.push(node);
    if (node && typeof node === 'object') {
      const record = node as { transforms?: unknown[]; inner?: unknown; base?: unknown };
      record.transforms?.forEach(visit);
      if (record.inner) visit(record.inner);
      if (record.base && typeof record.base === 'object' && 'forward' in (record.base as object)) visit(record.base);
    }
  };
  visit(model.flow.transform);
  return found;
}

function logAbsDet(rows: number[][]): number {
  const n = rows.length;
  const a = rows.map((r) => r.slice());
  let total = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
    [a[k], a[p]] = [a[p], a[k]];
    total += Math.log(Math.abs(a[k][k]));
    for (let i = k + 1; i < n; i++) {
      const f = a[i][k] / a[k][k];
      for (let j = k; j < n; j++) a[i][j] -= f * a[k][j];
    }
  }
  return total;
}
