import * as tf from '@tensorflow/tfjs-core';
import { profileMemory } from '@genmodels/core-nn';
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

describe('NADE evaluation in chunks of dimensions', () => {
  it('gives the same outputs and gradients as one pass over all dimensions (NADE and RNADE)', () => {
    for (const model of [
      new NADE({ inputShape: [5, 5, 1], hiddenUnits: 7, seed: 3 }),
      new RNADE({ inputShape: [6], hiddenUnits: 5, numMixtureComponents: 2, seed: 2 }),
    ]) {
      const d = model.dataDim;
      const x = tf.tidy(() => (model instanceof NADE ? tf.reshape(binaryImages(4, 6, 5), [6, 25]) : tf.randomNormal([6, d], 0, 1, 'float32', 4)) as tf.Tensor2D);
      // 2 dims per chunk: 13 (or 3) chunks, the last one short for NADE.
      const chunkDims = 2;
      const whole = model.core.apply(x, Number.MAX_SAFE_INTEGER);
      const chunked = model.core.apply(x, chunkDims);
      expect(chunked.shape).toEqual(whole.shape);
      expect(maxAbsDiff(whole, chunked)).toBeLessThan(1e-5);
      const variables = [model.core.w, model.core.c, model.core.v, model.core.b];
      const gradsOf = (dims: number) => tf.variableGrads(() => tf.sum(tf.square(model.core.apply(x, dims))) as tf.Scalar, variables);
      const [a, b] = [gradsOf(Number.MAX_SAFE_INTEGER), gradsOf(chunkDims)];
      for (const v of variables) expect(maxAbsDiff(a.grads[v.name], b.grads[v.name])).toBeLessThan(1e-4);
      tf.dispose([x, whole, chunked, a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
      model.dispose();
    }
  });

  it('keeps memory bounded: the peak of a chunked pass is a fraction of the [batch, D, H] pass, and grows linearly with the batch', async () => {
    const model = new NADE({ inputShape: [8, 8, 1], hiddenUnits: 32, seed: 1 });
    const x = tf.tidy(() => tf.reshape(binaryImages(8, 8, 8), [8, 64]) as tf.Tensor2D);
    const whole = await profileMemory(() => model.core.apply(x, Number.MAX_SAFE_INTEGER));
    const chunked = await profileMemory(() => model.core.apply(x, 4));
    // One [8, 64, 32] float tensor is 64 kB; the single pass holds several at once, the chunked
    // pass a few [8, 4, 32] ones (4 kB) plus the running sums and outputs.
    expect(whole.peakBytes).toBeGreaterThan(3 * 8 * 64 * 32 * 4);
    expect(chunked.peakBytes).toBeLessThan(whole.peakBytes / 4);
    expect(maxAbsDiff(whole.result, chunked.result)).toBeLessThan(1e-5);
    // Batches of 8, 16 and 32: the same bytes per example at every size (the chunk does not depend on the batch).
    const x2 = tf.tidy(() => tf.concat([x, x], 0) as tf.Tensor2D);
    const x4 = tf.tidy(() => tf.concat([x2, x2], 0) as tf.Tensor2D);
    const [p2, p4] = [await profileMemory(() => model.core.apply(x2, 4)), await profileMemory(() => model.core.apply(x4, 4))];
    expect((p4.peakBytes - p2.peakBytes) / 16).toBeCloseTo((p2.peakBytes - chunked.peakBytes) / 8, 0);
    tf.dispose([x, x2, x4, whole.result, chunked.result, p2.result, p4.result]);
    model.dispose();
  });
});
