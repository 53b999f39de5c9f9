import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@genmodels/backend';
import { imagesToTensor } from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NETWORK_WEIGHTS } from './feature-network-architecture.js';
import { trainFeatureNetwork } from './train-feature-network.js';

// Conv backprop on the reference cpu backend is ~1000x slower than the fast backends.
beforeAll(async () => {
  await initBackend();
});

describe('trainFeatureNetwork', () => {
  it('is reproducible from its seed and learns', async () => {
    const train = loadImageDataset('mnist', { split: 'train' });
    const indices = Int32Array.from({ length: 16 }, (_, i) => i);
    const images = imagesToTensor(train, { preprocessing: 'unit', indices }) as tf.Tensor4D;
    const labels = train.labels.subarray(0, 16);
    const losses: number[] = [];
    const run = (seed: number, epochs: number, record = false) =>
      trainFeatureNetwork({
        images,
        labels,
        epochs,
        batchSize: 8,
        seed,
        onEpochEnd: (_, logs) => {
          if (record) losses.push(logs.loss);
        },
      });
    const learned = await run(5, 8, true);
    tf.dispose(Object.values(learned.weights));
    const a = await run(5, 1);
    const b = await run(5, 1);
    const c = await run(6, 1);
    images.dispose();
    expect(Object.keys(a.weights).sort()).toEqual(Object.keys(FEATURE_NETWORK_WEIGHTS).sort());
    expect(learned.steps).toBe(16);
    expect(a.steps).toBe(2);
    const same = tf.tidy(() => tf.max(tf.abs(tf.sub(a.weights['dense1/kernel'], b.weights['dense1/kernel']))).dataSync()[0]);
    const different = tf.tidy(() => tf.max(tf.abs(tf.sub(a.weights['dense1/kernel'], c.weights['dense1/kernel']))).dataSync()[0]);
    tf.dispose([...Object.values(a.weights), ...Object.values(b.weights), ...Object.values(c.weights)]);
    expect(same).toBe(0);
    expect(different).toBeGreaterThan(1e-3);
    expect(losses[losses.length - 1]).toBeLessThan(0.7 * losses[0]);
  });
});
