// The @tensorflow/tfjs union registers tfjs-core's gradients, which tfjs-core alone does not in Node.
import '@tensorflow/tfjs';
import { BatchNorm, type BatchNormActivation, type BatchStatistics, hasFusedBatchNorm, Parameters } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingAddon, tryLoadNativeAddon, useNativeWasmPath } from '../../test-utils/native-test-addon.js';
import { maxRelativeError, RELATIVE_TOLERANCE } from '../../test-utils/compare-backends.js';
import { expectSteadyStep } from '../../test-utils/expect-steady-step.js';
import { randomArray, seededRandom } from '../../test-utils/seeded-random.js';

const { addon, whyNot } = tryLoadNativeAddon();

interface Case {
  shape: number[];
  activation: BatchNormActivation;
  /** Offset added to x: a large mean tests the variance's numerical stability. */
  offset: number;
}

const CASES: Case[] = [
  { shape: [8, 6], activation: 'relu', offset: 0 }, // [batch, units], as after a Dense layer
  { shape: [4, 5, 5, 8], activation: 'leakyRelu', offset: 0 },
  { shape: [3, 4, 4, 6], activation: 'linear', offset: 50 },
  { shape: [1, 3], activation: 'relu', offset: 0 }, // one row: variance 0
  { shape: [4, 48, 48, 8], activation: 'leakyRelu', offset: 2 }, // 9216 rows: more than one 8192-row block
];

/** y, dL/dx, dL/dgamma, dL/dbeta, batch mean and variance of L = sum(BatchNorm(x) * w) on the active backend, read back. */
function valueAndGrads(c: Case, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const size = c.shape.reduce((a, b) => a * b);
  const channels = c.shape[c.shape.length - 1]!;
  const xValues = randomArray(size, random).map((v) => v * 2 + c.offset);
  const wValues = randomArray(size, random);
  const params = new Parameters({ seed: 1 });
  const bn = new BatchNorm(params, 'bn', { channels, trackMovingStatistics: false });
  tf.tidy(() => {
    bn.gamma.assign(tf.tensor1d(randomArray(channels, random).map((v) => 1 + v)));
    bn.beta.assign(tf.tensor1d(randomArray(channels, random)));
  });
  const then = { activation: c.activation, leakyAlpha: 0.2 };
  const collected: BatchStatistics[] = [];
  const out = tf.tidy(() => {
    const x = tf.tensor(xValues, c.shape);
    const w = tf.tensor(wValues, c.shape);
    const y = bn.apply(x, 'batch', collected, then);
    const dx = tf.grad((input) => tf.sum(tf.mul(bn.apply(input, 'batch', undefined, then), w)))(x);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(bn.apply(x, 'batch', undefined, then), w)) as tf.Scalar, [bn.gamma, bn.beta]);
    const [stats] = collected;
    return [y, dx, grads[bn.gamma.name]!, grads[bn.beta.name]!, stats!.mean, stats!.variance].map((t) => Float32Array.from(t.dataSync()));
  });
  tf.dispose(collected.flatMap((s) => [s.mean, s.variance]));
  params.dispose();
  return out;
}

/** d/dx of sum((dL/dx)^2), L = sum(BatchNorm(x) * w): a gradient of a gradient. */
function secondOrder(seed: number): Float32Array {
  const random = seededRandom(seed);
  const shape = [6, 3, 3, 4];
  const size = 6 * 3 * 3 * 4;
  const params = new Parameters({ seed: 1 });
  const bn = new BatchNorm(params, 'bn', { channels: 4, trackMovingStatistics: false });
  const out = tf.tidy(() => {
    const x = tf.tensor(randomArray(size, random), shape);
    const w = tf.tensor(randomArray(size, random), shape);
    const inner = tf.grad((input) => tf.sum(tf.mul(bn.apply(input, 'batch', undefined, { activation: 'leakyRelu' }), w)));
    return Float32Array.from(tf.grad((input) => tf.sum(tf.square(inner(input))))(x).dataSync());
  });
  params.dispose();
  return out;
}

describe.skipIf(addon === undefined)(`fused native batch norm${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  const counting = addon === undefined ? undefined : countingAddon(addon, ['batchNorm', 'batchNormGrad']);
  const calls = counting?.calls ?? { batchNorm: 0, batchNormGrad: 0 };
  beforeAll(() => useNativeWasmPath(counting!.addon, 1));
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(CASES.map((c) => [`[${c.shape.join(',')}] ${c.activation} offset ${c.offset}`, c] as const))(
    'values, batch statistics and gradients (x, gamma, beta) equal the composed layer on cpu: %s',
    async (_, c) => {
      await tf.setBackend('cpu');
      expect(hasFusedBatchNorm()).toBe(false);
      const expected = valueAndGrads(c, 11);
      await tf.setBackend('wasm');
      expect(hasFusedBatchNorm()).toBe(true);
      const before = { ...calls };
      const actual = valueAndGrads(c, 11);
      expect(calls.batchNorm).toBeGreaterThan(before.batchNorm);
      expect(calls.batchNormGrad).toBeGreaterThan(before.batchNormGrad);
      const names = ['y', 'dx', 'dgamma', 'dbeta', 'mean', 'variance'];
      for (let i = 0; i < names.length; i++) {
        // dx of a one-row batch is 0 up to rounding on both sides: compare it absolutely.
        if (c.shape[0] === 1 && names[i] === 'dx') expect(Math.max(...actual[i]!.map(Math.abs))).toBeLessThan(1e-3);
        else expect(maxRelativeError(actual[i]!, expected[i]!), names[i]).toBeLessThan(RELATIVE_TOLERANCE);
      }
    },
  );

  it('a gradient of the gradient (as WGAN-GP takes) goes through ops that have gradients and equals the cpu one', async () => {
    await tf.setBackend('cpu');
    const expected = secondOrder(3);
    await tf.setBackend('wasm');
    const before = calls.batchNorm;
    const actual = secondOrder(3);
    expect(calls.batchNorm).toBeGreaterThan(before);
    expect(maxRelativeError(actual, expected)).toBeLessThan(RELATIVE_TOLERANCE);
  });

  it('runs on the OpenMP threads of oneDNN with results that do not depend on the thread count (bit for bit)', () => {
    const random = seededRandom(5);
    // 20000 rows of 16 channels: three 4096-row blocks and more, above the grain at which the passes go parallel.
    const [rows, c] = [20000, 16];
    const x = randomArray(rows * c, random).map((v) => v + 3);
    const dy = randomArray(rows * c, random);
    const gamma = randomArray(c, random).map((v) => 1 + v);
    const beta = randomArray(c, random);
    const run = (threads: number): Float32Array[] => {
      addon!.setThreads(threads);
      const out = [new Float32Array(rows * c), new Float32Array(c), new Float32Array(c), new Float32Array(rows * c), new Float32Array(c), new Float32Array(c)];
      const dims = Int32Array.of(rows, c);
      addon!.batchNorm(x, gamma, beta, dims, 1e-5, 2, 0.2, out[0]!, out[1]!, out[2]!);
      addon!.batchNormGrad(dy, x, gamma, beta, out[1]!, out[2]!, dims, 1e-5, 2, 0.2, out[3]!, out[4]!, out[5]!);
      return out;
    };
    const one = run(1);
    const two = run(2);
    addon!.setThreads(2);
    two.forEach((t, i) => expect(Array.from(t), `output ${i}`).toEqual(Array.from(one[i]!)));
  });

  it('rejects dims that do not fit the arrays and unknown activations', () => {
    const a = new Float32Array(8);
    expect(() => addon!.batchNorm(a, a, a, Int32Array.of(4, 4), 1e-5, 0, 0.2, a, a, a)).toThrow(/do not fit/);
    expect(() => addon!.batchNorm(a, a, a, Int32Array.of(2, 4), 1e-5, 3 as 0, 0.2, a, a, a)).toThrow(/activation must be/);
    expect(() => addon!.batchNormGrad(a, a, a, a, a, a, Int32Array.of(4, 4), 1e-5, 1, 0.2, a, a, a)).toThrow(/do not fit/);
    expect(() => addon!.batchNorm(a, a, a, Int32Array.of(0, 4), 1e-5, 0, 0.2, a, a, a)).toThrow(/positive/);
  });

  it('a training step through the fused kernels leaks no tensors and does not grow the wasm heap', async () => {
    await tf.setBackend('wasm');
    const params = new Parameters({ seed: 2 });
    const bn = new BatchNorm(params, 'bn', { channels: 16 });
    const x = tf.randomNormal([8, 14, 14, 16], 0, 1, 'float32', 3);
    const optimizer = tf.train.adam(1e-3);
    const step = (): void => {
      const collected: BatchStatistics[] = [];
      tf.dispose(optimizer.minimize(() => tf.mean(tf.square(bn.apply(x, 'batch', collected, { activation: 'relu' }))) as tf.Scalar) ?? []);
      for (const s of collected) bn.updateMovingStatistics(s.mean, s.variance);
      tf.dispose(collected.flatMap((s) => [s.mean, s.variance]));
    };
    expectSteadyStep(step);
    optimizer.dispose();
    x.dispose();
    params.dispose();
  });
});
