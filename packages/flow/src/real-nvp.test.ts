import * as tf from '@tensorflow/tfjs-core';
import { describeGenerativeModelConformance } from '@genmodels/core-nn/testing';
import { describe, expect, it } from 'vitest';
import { FlowConfigError } from './flow-config.js';
import { RealNVP } from './real-nvp.js';
import { resolveRealNVPConfig } from './real-nvp-config.js';
import { blobPoints, eightBitImages } from './test-utils/batches.js';

describeGenerativeModelConformance('RealNVP (flat, 4x4x1 8-bit images)', {
  createModel: (seed) => new RealNVP({ inputShape: [4, 4, 1], numCouplings: 2, hiddenChannels: [4], seed }),
  makeBatch: (seed) => eightBitImages(seed, [4, 4, 4, 1]),
  createFromConfig: (config) => new RealNVP(config as ConstructorParameters<typeof RealNVP>[0]),
});

describeGenerativeModelConformance('RealNVP (2-D points)', {
  createModel: (seed) => new RealNVP({ inputShape: [2], numCouplings: 4, hiddenUnits: [16], seed }),
  makeBatch: (seed) => blobPoints(seed),
  createFromConfig: (config) => new RealNVP(config as ConstructorParameters<typeof RealNVP>[0]),
});

describeGenerativeModelConformance('RealNVP (class-conditional, 2-D points)', {
  createModel: (seed) => new RealNVP({ inputShape: [2], numCouplings: 2, hiddenUnits: [8], numClasses: 2, seed }),
  makeBatch: (seed) => ({ x: blobPoints(seed, 8), labels: tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32') }),
  createFromConfig: (config) => new RealNVP(config as ConstructorParameters<typeof RealNVP>[0]),
});

describe('RealNVP config', () => {
  it('defaults to the flat bench-spec network on 28x28x1 with the logit preprocessing', () => {
    const config = resolveRealNVPConfig();
    expect(config).toMatchObject({
      inputShape: [28, 28, 1],
      architecture: 'flat',
      numCouplings: 8,
      hiddenChannels: [64, 64],
      couplingScale: 'tanh',
      preprocessing: 'dequantize-logit',
      logitAlpha: 0.05,
      optimizer: { learningRate: 1e-3 },
    });
    expect(resolveRealNVPConfig({ inputShape: [2] }).preprocessing).toBe('none');
  });

  it('names the wrong key', () => {
    expect(() => resolveRealNVPConfig({ numCouplings: 0 })).toThrow(/numCouplings/);
    expect(() => resolveRealNVPConfig({ architecture: 'deep' as never })).toThrow(FlowConfigError);
    expect(() => resolveRealNVPConfig({ inputShape: [6, 6, 1], architecture: 'multi-scale', numScales: 3 })).toThrow(/divisible by 4/);
  });

  it('rejects batches of the wrong shape with a message naming the expected one', () => {
    const model = new RealNVP({ inputShape: [2], hiddenUnits: [4], numCouplings: 2 });
    const x = tf.zeros([3, 3]);
    try {
      expect(() => model.logProb(x)).toThrow(/\[batch, 2\]/);
    } finally {
      x.dispose();
      model.dispose();
    }
  });
});

describe('class-conditional RealNVP', () => {
  it('logProb without labels is the exact mixture log (1/K) sum_k p(x | k)', () => {
    const model = new RealNVP({ inputShape: [2], numCouplings: 2, hiddenUnits: [8], numClasses: 3, seed: 4 });
    const x = blobPoints(1, 4);
    try {
      const marginalTensor = model.logProb(x);
      const marginal = marginalTensor.arraySync() as number[];
      marginalTensor.dispose();
      const perClass = [0, 1, 2].map((k) => {
        const t = model.logProb(x, { labels: [k, k, k, k] });
        const v = t.arraySync() as number[];
        t.dispose();
        return v;
      });
      marginal.forEach((m, i) => {
        const expected = Math.log(perClass.reduce((sum, lp) => sum + Math.exp(lp[i]), 0) / 3);
        expect(m).toBeCloseTo(expected, 4);
      });
      const samples = model.sample(4, { labels: [0, 1, 2, 0], seed: 3 });
      expect(samples.shape).toEqual([4, 2]);
      samples.dispose();
    } finally {
      x.dispose();
      model.dispose();
    }
  });
});
