// The @tensorflow/tfjs union registers tfjs-core's gradients, which tfjs-core alone does not in Node.
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingAddon, tryLoadNativeAddon, useNativeWasmPath } from '../../test-utils/native-test-addon.js';
import { expectMatchesCpu } from '../../test-utils/compare-backends.js';
import { randomArray, seededRandom } from '../../test-utils/seeded-random.js';

const { addon, whyNot } = tryLoadNativeAddon();

function tensorOf(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(randomArray(shape.reduce((a, b) => a * b, 1), seededRandom(seed)), shape);
}

describe.skipIf(addon === undefined)(`native layout kernels${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  const counting = addon === undefined ? undefined : countingAddon(addon, ['splitLastAxis', 'concatLastAxis', 'gather', 'resizeNearestGrad', 'sumLeadingAxes']);
  const calls = counting?.calls ?? { splitLastAxis: 0, concatLastAxis: 0, gather: 0, resizeNearestGrad: 0, sumLeadingAxes: 0 };
  beforeAll(() => useNativeWasmPath(counting!.addon, 1));
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    { shape: [4, 5, 6, 10], splits: [3, 7] as number[] | number, axis: -1 },
    { shape: [2, 3, 12], splits: 3, axis: 2 },
    { shape: [6, 9], splits: [2, -1, 4], axis: 1 },
    { shape: [4, 6], splits: [1, 3], axis: 0 }, // not the last axis: the stock kernel
  ])('SplitV equals cpu: %o', async ({ shape, splits, axis }) => {
    const before = calls.splitLastAxis;
    await expectMatchesCpu('wasm', `split ${JSON.stringify(splits)}`, () => tf.split(tensorOf(shape, 3), splits, axis));
    expect(calls.splitLastAxis - before).toBe(axis === 0 ? 0 : 1);
  });

  it.each([
    { shapes: [[4, 5, 6, 1], [4, 5, 6, 1]], axis: -1, native: true },
    { shapes: [[2, 3, 7], [2, 3, 2], [2, 3, 5]], axis: 2, native: true },
    { shapes: [[6, 9], [6, 1]], axis: 1, native: true },
    { shapes: [[4, 6], [2, 6]], axis: 0, native: false }, // not the last axis: the stock kernel
  ])('Concat equals cpu, values and gradients: %o', async ({ shapes, axis, native }) => {
    const before = calls.concatLastAxis;
    await expectMatchesCpu('wasm', `concat ${JSON.stringify(shapes)}`, () => {
      const xs = shapes.map((shape, i) => tensorOf(shape, 10 + i));
      const a = axis < 0 ? shapes[0]!.length + axis : axis;
      const weights = tensorOf(shapes[0]!.map((d, i) => (i === a ? shapes.reduce((sum, s) => sum + s[a]!, 0) : d)), 9);
      const { value, grads } = tf.valueAndGrads((...args: tf.Tensor[]) => tf.sum(tf.mul(tf.concat(args, axis), weights)))(xs);
      return [tf.concat(xs, axis), value, ...grads];
    });
    expect(calls.concatLastAxis - before).toBe(native ? 2 : 0); // once forward in each of the two calls of concat above
  });

  it.each([
    { shape: [50, 7], indices: [3, 0, 49, 3], indexShape: [4], axis: 0 },
    { shape: [4, 6, 5], indices: [5, 1, 1, 0, 2, 3], indexShape: [2, 3], axis: 1 },
    { shape: [3, 8], indices: [7, 0], indexShape: [2], axis: -1 },
  ])('GatherV2 equals cpu, values and the gradient: %o', async ({ shape, indices, indexShape, axis }) => {
    const before = calls.gather;
    await expectMatchesCpu('wasm', 'gather', () => {
      const x = tensorOf(shape, 12);
      const ids = tf.tensor(indices, indexShape, 'int32');
      const y = tf.gather(x, ids, axis);
      const dx = tf.grad((v) => tf.sum(tf.mul(tf.gather(v, ids, axis), tensorOf(y.shape, 13))))(x);
      return [y, dx];
    });
    expect(calls.gather - before).toBe(2);
  });

  it('GatherV2 refuses an index out of range, as the stock kernel does', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([3, 2]);
    const ids = tf.tensor1d([0, 3], 'int32');
    expect(() => tf.gather(x, ids)).toThrow(/index value 3 is not in \[0, 2\]/);
    tf.dispose([x, ids]);
  });

  // Reference: each input pixel's gradient is the sum of dy over the block it was copied to. (The
  // cpu kernel is not the reference: it gives wrong sums when a side is odd.)
  it.each([
    { input: [2, 7, 5, 3], output: [14, 10] },
    { input: [1, 3, 4, 8], output: [12, 16] },
    { input: [3, 4, 4, 2], output: [8, 4] }, // factors 2 and 1
    { input: [1, 3, 3, 2], output: [9, 9] }, // factor 3: the stock kernel
  ])('the gradient of nearest upsampling sums dy over each block: %o', async ({ input, output }) => {
    const [n, h, w, c] = input as [number, number, number, number];
    const [fh, fw] = [output[0]! / h, output[1]! / w];
    const before = calls.resizeNearestGrad;
    const weights = (): tf.Tensor => tensorOf([n, output[0]!, output[1]!, c], 5);
    await expectMatchesCpu(
      'wasm',
      'resize grad',
      () => [tf.grad((v) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(v as Tensor4D, output as [number, number]), weights())))(tensorOf(input, 4))],
      () => [tf.sum(tf.reshape(weights(), [n, h, fh, w, fw, c]), [2, 4])],
    );
    expect(calls.resizeNearestGrad - before).toBe(fh === 3 ? 0 : 1);
  });

  it.each([
    { shape: [8, 5, 5, 16], axis: [0, 1, 2] as number | number[], keepDims: false, nativeCalls: 1 },
    { shape: [300, 7], axis: 0, keepDims: true, nativeCalls: 1 },
    { shape: [4, 3, 6], axis: [1, 0], keepDims: false, nativeCalls: 1 },
    { shape: [6, 5, 7, 16], axis: [1, 2], keepDims: true, nativeCalls: 6 }, // middle axes (a [n, 1, 1, c] broadcast's gradient): one call per example
    { shape: [3, 4, 5, 2, 16], axis: [2, 3], keepDims: false, nativeCalls: 12 },
    { shape: [6, 5, 7, 4], axis: [1, 2], keepDims: true, nativeCalls: 0 }, // slices too narrow: the stock kernel
    { shape: [4, 3, 6], axis: [0, 2], keepDims: false, nativeCalls: 0 }, // not contiguous: the stock kernel
    { shape: [4, 3], axis: [0, 1], keepDims: false, nativeCalls: 0 }, // every axis: the stock kernel
  ])('Sum equals cpu: %o', async ({ shape, axis, keepDims, nativeCalls }) => {
    const before = calls.sumLeadingAxes;
    await expectMatchesCpu('wasm', 'sum', () => [tf.sum(tensorOf(shape, 6), axis, keepDims)]);
    expect(calls.sumLeadingAxes - before).toBe(nativeCalls);
    await tf.setBackend('cpu');
    const cpuShape = tf.tidy(() => tf.sum(tensorOf(shape, 6), axis, keepDims).shape);
    await tf.setBackend('wasm');
    expect(tf.tidy(() => tf.sum(tensorOf(shape, 6), axis, keepDims).shape)).toEqual(cpuShape);
  });

  it.each([
    { shape: [8, 5, 5, 16], axis: [0, 1, 2] as number | number[], keepDims: true, native: true },
    { shape: [300, 7], axis: 0, keepDims: false, native: true },
    { shape: [4, 3, 6], axis: [2], keepDims: false, native: false },
  ])('Mean equals cpu, values and the gradient: %o', async ({ shape, axis, keepDims, native }) => {
    const before = calls.sumLeadingAxes;
    await expectMatchesCpu('wasm', 'mean', () => {
      const x = tensorOf(shape, 7);
      const y = tf.mean(x, axis, keepDims);
      return [y, tf.grad((v) => tf.sum(tf.mul(tf.mean(v, axis, keepDims), tensorOf(y.shape, 8))))(x)];
    });
    expect(calls.sumLeadingAxes - before).toBe(native ? 2 : 0);
  });

  it('Sum over leading axes does not depend on the thread count (bit for bit)', () => {
    // 313 blocks of 64 rows: above the 2 x 43-block grain at which the sum goes parallel.
    const x = randomArray(20000 * 24, seededRandom(3));
    const sums = [1, 2].map((threads) => {
      addon!.setThreads(threads);
      const out = new Float32Array(24);
      addon!.sumLeadingAxes(x, 20000, 24, out);
      return Array.from(out);
    });
    addon!.setThreads(2);
    expect(sums[1]).toEqual(sums[0]);
  });

  it('rejects sizes that do not sum to the width, and dims that do not fit', () => {
    const a = new Float32Array(12);
    expect(() => addon!.splitLastAxis(a, 3, 4, Int32Array.of(1, 2), [a, a])).toThrow(/sum to width/);
    expect(() => addon!.resizeNearestGrad(a, Int32Array.of(1, 2, 2, 3, 2, 2), a)).toThrow(/do not fit/);
    expect(() => addon!.sumLeadingAxes(a, 5, 3, a)).toThrow(/does not fit/);
    expect(() => addon!.concatLastAxis([a, a], Int32Array.of(2, 2), 4, a)).toThrow(/y does not hold/);
    expect(() => addon!.concatLastAxis([a, a], Int32Array.of(2, 4), 4, new Float32Array(24))).toThrow(/an input does not hold/);
  });
});
