import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingAddon, tryLoadNativeAddon, useNativeWasmPath } from '../../test-utils/native-test-addon.js';
import { randomArray, seededRandom } from '../../test-utils/seeded-random.js';
import { SUM_OF_SQUARES_KERNEL } from './sum-of-squares-kernel.js';

const { addon, whyNot } = tryLoadNativeAddon();

function reference(values: Float32Array): number {
  let sum = 0;
  for (const v of values) sum += v * v;
  return Math.fround(sum);
}

describe.skipIf(addon === undefined)(`native sum of squares${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  const counting = addon === undefined ? undefined : countingAddon(addon, ['sumOfSquares']);
  beforeAll(() => useNativeWasmPath(counting!.addon, 2));
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([0, 1, 7, 8192, 8193, 100_003])('sum(x^2) of %i values, accumulated in double, one call', (n) => {
    const values = randomArray(n, seededRandom(n + 1)).map((v) => v * 30);
    const before = counting!.calls.sumOfSquares;
    const x = tf.tensor1d(values);
    const y = tf.engine().runKernel(SUM_OF_SQUARES_KERNEL, { x }) as tf.Tensor;
    expect(y.shape).toEqual([]);
    expect(y.dataSync()[0]).toBe(reference(values));
    expect(counting!.calls.sumOfSquares - before).toBe(1);
    tf.dispose([x, y]);
  });

  it('does not depend on the thread count (fixed blocks, added in order)', () => {
    const values = randomArray(300_001, seededRandom(9));
    const results = [1, 2].map((threads) => {
      addon!.setThreads(threads);
      return addon!.sumOfSquares(values);
    });
    addon!.setThreads(2);
    expect(results[0]).toBe(results[1]);
  });

  it('refuses other dtypes in one line', () => {
    const x = tf.tensor1d([1, 2], 'int32');
    expect(() => tf.engine().runKernel(SUM_OF_SQUARES_KERNEL, { x })).toThrow(`${SUM_OF_SQUARES_KERNEL}: x must be float32, got int32`);
    x.dispose();
  });
});
