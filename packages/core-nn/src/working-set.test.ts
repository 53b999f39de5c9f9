import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fitWorkingSet, maxBatchSize, profileMemory, workingSetBytes } from './working-set.js';

/** n rows of 1000 floats: a, a * 2 and a * 2 + 1 are alive together at the end of the tidy, plus one [250] constant. */
function known(n: number): tf.Tensor {
  return tf.tidy(() => {
    const constant = tf.ones([250]);
    const a = tf.fill([n, 1000], 3);
    const b = tf.mul(a, 2);
    return tf.add(tf.add(b, 1), tf.sum(constant));
  });
}

describe('profileMemory and fitWorkingSet', () => {
  it('measure the peak above the tensors already alive, and split it into per-example and fixed parts', async () => {
    const alive = tf.zeros([10_000]); // must not count
    const small = await profileMemory(() => known(2));
    const large = await profileMemory(() => known(6));
    expect(small.result.shape).toEqual([2, 1000]);
    tf.dispose([small.result, large.result, alive]);
    // a, b, b + 1 and the result: four [n, 1000] float tensors at the peak; the constant (250
    // floats) and its sum (one float) do not grow with n.
    expect(large.peakBytes - small.peakBytes).toBe(4 * 4 * 1000 * 4);
    const ws = fitWorkingSet([
      { batchSize: 2, ...small },
      { batchSize: 6, ...large },
    ]);
    expect(ws.perExampleBytes).toBe(4 * 1000 * 4);
    expect(ws.fixedBytes).toBe(250 * 4 + 4);
    expect(ws.largestTensorPerExampleBytes).toBe(1000 * 4);
    expect(workingSetBytes(ws, 10)).toBe(10 * 16_000 + 1004);
  });

  it('maxBatchSize is the largest batch within both the total and the per-tensor limit', () => {
    const ws = { fixedBytes: 1000, perExampleBytes: 16_000, largestTensorPerExampleBytes: 4000 };
    expect(maxBatchSize(ws, { workingSetBytes: 1000 + 16_000 * 7 + 15_999, maxTensorBytes: 1e9, source: 'test' })).toBe(7);
    expect(maxBatchSize(ws, { workingSetBytes: 1e9, maxTensorBytes: 4000 * 3, source: 'test' })).toBe(3);
    expect(maxBatchSize(ws, { workingSetBytes: 5000, maxTensorBytes: 1e9, source: 'test' })).toBe(0);
    expect(maxBatchSize({ fixedBytes: 0, perExampleBytes: 0, largestTensorPerExampleBytes: 0 }, { workingSetBytes: 1, maxTensorBytes: 1, source: 'test' })).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it('one profiled size counts everything per example (never an underestimate)', () => {
    const ws = fitWorkingSet([{ batchSize: 4, peakBytes: 4000, largestTensorBytes: 400 }]);
    expect(ws).toEqual({ fixedBytes: 0, perExampleBytes: 1000, largestTensorPerExampleBytes: 100 });
    expect(() => fitWorkingSet([])).toThrow(/at least one/);
  });

  it('leaves the engine check of kernel outputs as it was, and survives non-finite intermediates', async () => {
    const before = tf.env().getBool('CHECK_COMPUTATION_FOR_ERRORS');
    const profile = await profileMemory(() => tf.tidy(() => tf.maximum(tf.log(tf.zeros([3])), 0)));
    expect(Array.from(profile.result.dataSync())).toEqual([0, 0, 0]);
    profile.result.dispose();
    expect(tf.env().getBool('CHECK_COMPUTATION_FOR_ERRORS')).toBe(before);
  });
});
