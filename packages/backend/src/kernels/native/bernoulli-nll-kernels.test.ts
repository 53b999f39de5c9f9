// The @tensorflow/tfjs union registers tfjs-core's gradients, which tfjs-core alone does not in Node.
import '@tensorflow/tfjs';
import { bernoulliNegLogLikelihood, hasFusedBernoulliNLL } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxRelativeError, RELATIVE_TOLERANCE } from '../../test-utils/compare-backends.js';
import { countingAddon, tryLoadNativeAddon, useNativeWasmPath } from '../../test-utils/native-test-addon.js';
import { randomArray, seededRandom } from '../../test-utils/seeded-random.js';
import { BERNOULLI_NLL_GRAD_KERNEL, BERNOULLI_NLL_KERNEL } from './bernoulli-nll-kernels.js';

const { addon, whyNot } = tryLoadNativeAddon();

/** Logits over the whole range the stable form must handle (huge, tiny, zero) and targets in [0, 1]. */
function operands(rows: number, cols: number): { logits: Float32Array; x: Float32Array } {
  const random = seededRandom(rows * 1000 + cols);
  const special = [0, 80, -80, 1e-8, -1e-8, 20, -20, 0.5];
  const logits = randomArray(rows * cols, random).map((v, i) => (i % 17 === 0 ? special[(i / 17) % special.length]! : v * 6));
  const x = randomArray(rows * cols, random).map((v, i) => (i % 5 === 0 ? Math.abs(v) % 1 : v > 0 ? 1 : 0));
  return { logits, x };
}

/** The per-row NLL and the gradient of sum(w * nll) for the logits, read back. */
function valueAndGrad(rows: number, cols: number): Float32Array[] {
  const { logits, x } = operands(rows, cols);
  return tf.tidy(() => {
    const l = tf.tensor2d(logits, [rows, cols]);
    const t = tf.tensor2d(x, [rows, cols]);
    const w = tf.tensor1d(randomArray(rows, seededRandom(rows)));
    const dl = tf.grad((u: Tensor) => tf.sum(tf.mul(bernoulliNegLogLikelihood(u as Tensor2D, t), w)))(l);
    return [bernoulliNegLogLikelihood(l, t), dl].map((r) => Float32Array.from(r.dataSync()));
  });
}

describe.skipIf(addon === undefined)(`native Bernoulli NLL${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  const counting = addon === undefined ? undefined : countingAddon(addon, ['bernoulliNll', 'bernoulliNllGrad']);
  beforeAll(() => useNativeWasmPath(counting!.addon, 2));
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    [1, 1],
    [3, 7],
    [128, 784],
    [5, 1500],
  ])('values and gradients of [%i, %i] equal the composed form on cpu, one native call each way', async (rows, cols) => {
    await tf.setBackend('cpu');
    expect(hasFusedBernoulliNLL()).toBe(false);
    const expected = valueAndGrad(rows, cols);
    await tf.setBackend('wasm');
    expect(hasFusedBernoulliNLL()).toBe(true);
    const before = { ...counting!.calls };
    const actual = valueAndGrad(rows, cols);
    expect(counting!.calls.bernoulliNll - before.bernoulliNll).toBe(2); // under tf.grad, and the value
    expect(counting!.calls.bernoulliNllGrad - before.bernoulliNllGrad).toBe(1);
    ['nll', 'dlogits'].forEach((name, i) => {
      expect(actual[i]!.every(Number.isFinite), name).toBe(true);
      expect(maxRelativeError(actual[i]!, expected[i]!), name).toBeLessThan(RELATIVE_TOLERANCE);
    });
  });

  it('does not depend on the thread count (bit for bit)', () => {
    const rows = 300;
    const cols = 784;
    const { logits, x } = operands(rows, cols);
    const [l, t, dy] = [Float32Array.from(logits), Float32Array.from(x), Float32Array.from(randomArray(rows, seededRandom(4)))];
    const results = [1, 2].map((threads) => {
      addon!.setThreads(threads);
      const out = new Float32Array(rows);
      const d = new Float32Array(rows * cols);
      addon!.bernoulliNll(l, t, cols, out);
      addon!.bernoulliNllGrad(dy, l, t, cols, d);
      return [...out, ...d];
    });
    addon!.setThreads(2);
    expect(results[0]).toEqual(results[1]);
  });

  it('refuses operands of different shapes or dtypes in one line', async () => {
    await tf.setBackend('wasm');
    const l = tf.zeros([2, 3]);
    const bad = tf.zeros([3, 2]);
    const ints = tf.zeros([2, 3], 'int32');
    const dy = tf.zeros([3]);
    expect(() => tf.engine().runKernel(BERNOULLI_NLL_KERNEL, { logits: l, x: bad })).toThrow(/logits and x must be float32 \[n, d\] of one shape/);
    expect(() => tf.engine().runKernel(BERNOULLI_NLL_KERNEL, { logits: l, x: ints })).toThrow(/int32 \[2, 3\]/);
    expect(() => tf.engine().runKernel(BERNOULLI_NLL_GRAD_KERNEL, { dy, logits: l, x: l })).toThrow(/dy must be float32 \[2\]/);
    const a = new Float32Array(6);
    expect(() => addon!.bernoulliNll(a, a, 4, new Float32Array(2))).toThrow(/rows of cols values/);
    tf.dispose([l, bad, ints, dy]);
  });
});
