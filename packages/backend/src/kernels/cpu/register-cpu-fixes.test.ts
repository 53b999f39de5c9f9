// The @tensorflow/tfjs union registers tfjs-core's gradients, which tfjs-core alone does not in Node.
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { maxRelativeError } from '../../test-utils/compare-backends.js';
import { randomArray, seededRandom } from '../../test-utils/seeded-random.js';
import { CPU_FIXED_KERNELS, registerCpuFixes } from './register-cpu-fixes.js';

/** dL/dx of L = sum(resizeNearest(x) * w) on cpu, and the block sums of w it must equal. */
function gradientAndBlockSums(n: number, h: number, w: number, c: number, f: number): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const x = tf.tensor4d(randomArray(n * h * w * c, seededRandom(1)), [n, h, w, c]);
    const weights = tf.tensor4d(randomArray(n * h * f * w * f * c, seededRandom(2)), [n, h * f, w * f, c]);
    const grad = tf.grad((v) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(v as Tensor4D, [h * f, w * f]), weights)))(x);
    const blockSums = tf.sum(tf.reshape(weights, [n, h, f, w, f, c]), [2, 4]);
    return [grad.dataSync() as Float32Array, blockSums.dataSync() as Float32Array];
  });
}

describe('cpu kernel fixes', () => {
  it('ResizeNearestNeighborGrad: the stock cpu kernel is wrong beyond the first example; the fix sums each block', async () => {
    await tf.setBackend('cpu');
    const [stock, expected] = gradientAndBlockSums(3, 7, 5, 2, 2);
    expect(maxRelativeError(stock.subarray(0, 70), expected.subarray(0, 70))).toBeLessThan(1e-6); // example 0 is right
    expect(maxRelativeError(stock, expected)).toBeGreaterThan(0.1); // the bug this works around
    expect(registerCpuFixes()).toEqual([...CPU_FIXED_KERNELS]);
    const [fixed, expectedAgain] = gradientAndBlockSums(3, 7, 5, 2, 2);
    expect(maxRelativeError(fixed, expectedAgain)).toBeLessThan(1e-6);
    const [single, singleExpected] = gradientAndBlockSums(1, 4, 4, 3, 4);
    expect(maxRelativeError(single, singleExpected)).toBeLessThan(1e-6);
  });
});
