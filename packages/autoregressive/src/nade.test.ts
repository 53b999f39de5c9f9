import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { NADE } from './nade.js';
import { RNADE } from './rnade.js';
import { binaryImages } from './test-utils/tiny-models.js';

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

describe('NADE running-sum evaluation', () => {
  it('equals the naive per-dimension evaluation', () => {
    const model = new NADE({ inputShape: [5, 5, 1], hiddenUnits: 7, seed: 3 });
    // move the weights away from their small initial values so differences would show
    const weights = model.getWeights();
    const scaled = tf.tidy(() => Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, tf.add(v, tf.randomNormal(v.shape, 0, 0.5, 'float32', 9))])));
    model.setWeights(scaled);
    const x = tf.tidy(() => tf.reshape(binaryImages(4, 6, 5), [6, 25]) as tf.Tensor2D);
    const fast = model.conditionalParams(x);
    const naive = model.conditionalParamsNaive(x);
    expect(fast.shape).toEqual([6, 25, 1]);
    expect(maxAbsDiff(fast, naive)).toBeLessThan(1e-5);
    tf.dispose([x, fast, naive, ...Object.values(weights), ...Object.values(scaled)]);
    model.dispose();
  });

  it('RNADE (with activation rescaling) equals its naive evaluation too', () => {
    const model = new RNADE({ inputShape: [4], hiddenUnits: 5, numMixtureComponents: 2, seed: 2 });
    const x = tf.randomNormal([3, 4], 0, 1, 'float32', 1) as tf.Tensor2D;
    const [fast, naive] = [model.conditionalParams(x), model.conditionalParamsNaive(x)];
    expect(fast.shape).toEqual([3, 4, 6]);
    expect(maxAbsDiff(fast, naive)).toBeLessThan(1e-5);
    tf.dispose([x, fast, naive]);
    model.dispose();
  });

  it('RNADE learns a correlated 2-D Gaussian better than its initial fit', () => {
    const model = new RNADE({ inputShape: [2], hiddenUnits: 16, numMixtureComponents: 3, seed: 1, optimizer: { learningRate: 1e-2 } });
    const data = tf.tidy(() => {
      const z = tf.randomNormal([256, 2], 0, 1, 'float32', 3);
      return tf.matMul(z, tf.tensor2d([[1, 0.9], [0, 0.4]]));
    });
    const nll = () => tf.tidy(() => -tf.mean(model.logProb(data)).dataSync()[0]);
    const before = nll();
    for (let s = 0; s < 150; s++) tf.dispose(Object.values(model.trainStep(data, { step: s, epoch: 0, seed: s + 1 })));
    const after = nll();
    // the exact NLL of this Gaussian is log(2 pi) + 0.5 log det(S) + 1 = 1.92 nats
    expect(after).toBeLessThan(before - 0.5);
    expect(after).toBeLessThan(2.3);
    data.dispose();
    model.dispose();
  });
});
