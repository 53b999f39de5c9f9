// The @tensorflow/tfjs union registers tfjs-core's gradients, which tfjs-core alone does not in Node.
import '@tensorflow/tfjs';
import { GroupNorm, hasFusedGroupNorm, Parameters, type GroupNormActivation } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingAddon, tryLoadNativeAddon, useNativeWasmPath } from '../../test-utils/native-test-addon.js';
import { maxRelativeError, RELATIVE_TOLERANCE } from '../../test-utils/compare-backends.js';
import { expectSteadyStep } from '../../test-utils/expect-steady-step.js';
import { randomArray, seededRandom } from '../../test-utils/seeded-random.js';

const { addon, whyNot } = tryLoadNativeAddon();

interface Case {
  shape: [number, number, number, number];
  groups: number;
  activation: GroupNormActivation;
  /** Offset added to x: a large mean tests the variance's numerical stability. */
  offset: number;
}

const CASES: Case[] = [
  { shape: [2, 5, 7, 8], groups: 4, activation: 'silu', offset: 0 },
  { shape: [3, 4, 4, 6], groups: 1, activation: 'linear', offset: 0 },
  { shape: [2, 3, 3, 4], groups: 4, activation: 'silu', offset: 0 }, // one channel per group
  { shape: [1, 9, 9, 16], groups: 8, activation: 'linear', offset: 50 },
  { shape: [4, 12, 12, 32], groups: 8, activation: 'silu', offset: 3 }, // more pixels than one 64-pixel block
];

/** y, dL/dx, dL/dgamma, dL/dbeta of L = sum(GroupNorm(x) * w) on the active backend, read back. */
function valueAndGrads(c: Case, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const size = c.shape.reduce((a, b) => a * b);
  const channels = c.shape[3];
  const xValues = randomArray(size, random).map((v) => v * 2 + c.offset);
  const wValues = randomArray(size, random);
  const gammaValues = randomArray(channels, random).map((v) => 1 + v);
  const betaValues = randomArray(channels, random);
  const params = new Parameters({ seed: 1 });
  const gn = new GroupNorm(params, 'gn', { channels, groups: c.groups });
  tf.tidy(() => {
    gn.gamma.assign(tf.tensor1d(gammaValues));
    gn.beta.assign(tf.tensor1d(betaValues));
  });
  const out = tf.tidy(() => {
    const x = tf.tensor4d(xValues, c.shape);
    const w = tf.tensor4d(wValues, c.shape);
    const y = gn.apply(x, c.activation);
    const dx = tf.grad((input) => tf.sum(tf.mul(gn.apply(input as tf.Tensor4D, c.activation), w)))(x);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(gn.apply(x, c.activation), w)) as tf.Scalar, [gn.gamma, gn.beta]);
    return [y, dx, grads[gn.gamma.name]!, grads[gn.beta.name]!].map((t) => Float32Array.from(t.dataSync()));
  });
  params.dispose();
  return out;
}

describe.skipIf(addon === undefined)(`fused native group norm${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  const counting = addon === undefined ? undefined : countingAddon(addon, ['groupNorm', 'groupNormGrad']);
  const calls = counting?.calls ?? { groupNorm: 0, groupNormGrad: 0 };
  beforeAll(() => useNativeWasmPath(counting!.addon, 1));
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(CASES.map((c) => [`[${c.shape.join(',')}] groups ${c.groups} ${c.activation} offset ${c.offset}`, c] as const))(
    'values and gradients (x, gamma, beta) equal the composed layer on cpu: %s',
    async (_, c) => {
      await tf.setBackend('cpu');
      expect(hasFusedGroupNorm()).toBe(false);
      const expected = valueAndGrads(c, 11);
      await tf.setBackend('wasm');
      expect(hasFusedGroupNorm()).toBe(true);
      const before = { ...calls };
      const actual = valueAndGrads(c, 11);
      expect(calls.groupNorm).toBeGreaterThan(before.groupNorm);
      expect(calls.groupNormGrad).toBeGreaterThan(before.groupNormGrad);
      const names = ['y', 'dx', 'dgamma', 'dbeta'];
      for (let i = 0; i < 4; i++) {
        expect(maxRelativeError(actual[i]!, expected[i]!), names[i]).toBeLessThan(RELATIVE_TOLERANCE);
      }
    },
  );

  it('runs on the OpenMP threads of oneDNN with results that do not depend on the thread count (bit for bit)', () => {
    const random = seededRandom(5);
    // 16 examples of 9600 values: above the 2 x 7-example grain at which group norm goes parallel.
    const [n, hw, c, groups] = [16, 300, 32, 8];
    expect(addon!.libraries().openmp).toBe(addon!.libraries().onednn !== null);
    const x = randomArray(n * hw * c, random);
    const dy = randomArray(n * hw * c, random);
    const gamma = randomArray(c, random).map((v) => 1 + v);
    const beta = randomArray(c, random);
    const run = (threads: number): Float32Array[] => {
      addon!.setThreads(threads);
      const out = [new Float32Array(n * hw * c), new Float32Array(n * groups), new Float32Array(n * groups), new Float32Array(n * hw * c), new Float32Array(c), new Float32Array(c)];
      const dims = Int32Array.of(n, hw, c, groups);
      addon!.groupNorm(x, gamma, beta, dims, 1e-5, true, out[0]!, out[1]!, out[2]!);
      addon!.groupNormGrad(dy, x, gamma, beta, out[1]!, out[2]!, dims, true, out[3]!, out[4]!, out[5]!);
      return out;
    };
    const one = run(1);
    const two = run(2);
    addon!.setThreads(2);
    two.forEach((t, i) => expect(Array.from(t), `output ${i}`).toEqual(Array.from(one[i]!)));
  });

  it('rejects dims that do not fit the arrays or groups that do not divide the channels', () => {
    const a = new Float32Array(8);
    expect(() => addon!.groupNorm(a, a, a, Int32Array.of(1, 4, 4, 3), 1e-5, false, a, a, a)).toThrow(/groups must divide/);
    expect(() => addon!.groupNorm(a, a, a, Int32Array.of(2, 4, 4, 2), 1e-5, false, a, a, a)).toThrow(/do not fit/);
    expect(() => addon!.groupNormGrad(a, a, a, a, a, a, Int32Array.of(2, 4, 4, 2), true, a, a, a)).toThrow(/do not fit/);
  });

  it('a training step through the fused kernels leaks no tensors and does not grow the wasm heap', async () => {
    await tf.setBackend('wasm');
    const params = new Parameters({ seed: 2 });
    const gn = new GroupNorm(params, 'gn', { channels: 16, groups: 4 });
    const x = tf.randomNormal([8, 14, 14, 16], 0, 1, 'float32', 3) as tf.Tensor4D;
    const optimizer = tf.train.adam(1e-3);
    const step = (): void => {
      tf.dispose(optimizer.minimize(() => tf.mean(tf.square(gn.apply(x, 'silu'))) as tf.Scalar) ?? []);
    };
    expectSteadyStep(step);
    optimizer.dispose();
    x.dispose();
    params.dispose();
  });
});
