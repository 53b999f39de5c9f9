import * as tf from '@tensorflow/tfjs-core';
import { describeGenerativeModelConformance } from '@genmodels/core-nn/testing';
import { describe, expect, it } from 'vitest';
import { MAF } from './maf.js';
import { resolveMAFConfig } from './maf-config.js';
import { blobPoints } from './test-utils/batches.js';

describeGenerativeModelConformance('MAF (2-D points, batch norm)', {
  createModel: (seed) => new MAF({ inputShape: [2], numLayers: 3, hiddenUnits: [16], seed }),
  makeBatch: (seed) => blobPoints(seed),
  createFromConfig: (config) => new MAF(config as ConstructorParameters<typeof MAF>[0]),
});

describeGenerativeModelConformance('IAF (2-D points)', {
  createModel: (seed) => new MAF({ inputShape: [2], numLayers: 2, hiddenUnits: [16], direction: 'iaf', batchNorm: false, seed }),
  makeBatch: (seed) => blobPoints(seed),
  createFromConfig: (config) => new MAF(config as ConstructorParameters<typeof MAF>[0]),
});

describe('MAF', () => {
  it('config names the wrong key', () => {
    expect(() => resolveMAFConfig({ direction: 'sideways' as never })).toThrow(/direction/);
    expect(() => resolveMAFConfig({ numLayers: -1 })).toThrow(/numLayers/);
    expect(resolveMAFConfig({ inputShape: [4, 4, 1] }).preprocessing).toBe('dequantize-logit');
  });

  it('saves the batch-norm moving statistics with the weights', () => {
    const model = new MAF({ inputShape: [2], numLayers: 1, hiddenUnits: [8], seed: 1 });
    const x = blobPoints(2);
    try {
      tf.dispose(Object.values(model.trainStep(x, { step: 0, epoch: 0, seed: 3 })));
      const weights = model.getWeights();
      const mean = weights['transform/layer0/batchnorm/movingMean'];
      expect(mean).toBeDefined();
      expect(Array.from(mean.dataSync()).some((v) => v !== 0)).toBe(true);
      tf.dispose(Object.values(weights));
    } finally {
      x.dispose();
      model.dispose();
    }
  });
});
