// The @tensorflow/tfjs union registers tfjs-core's gradients, which tfjs-core alone does not in Node.
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingAddon, tryLoadNativeAddon, useNativeWasmPath } from '../../test-utils/native-test-addon.js';
import { runOn } from '../../test-utils/compare-backends.js';
import { UNARY_OPS, type UnaryOp } from './unary-kernels.js';

const { addon, whyNot } = tryLoadNativeAddon();

/** The distance between `v` and the next float32 away from zero. */
function ulp(v: number): number {
  const a = Math.abs(Math.fround(v));
  if (a === 0 || !Number.isFinite(a)) return 1.4e-45;
  const f = new Float32Array([a]);
  const bits = new Int32Array(f.buffer);
  bits[0] = bits[0]! + 1;
  return f[0]! - a;
}

const SMALLEST_NORMAL = 1.1754944e-38;

/** Element by element: equal specials (NaN, +-inf), within `ulps` float32 ulps, or both below the normal floats (flushed to 0). */
function expectWithinUlps(actual: Float32Array, expected: Float32Array, ulps: number, inputs: Float32Array, label: string): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      expect(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)), `${label}(${inputs[i]}) = ${a}, cpu ${e}`).toBe(true);
      continue;
    }
    if (Math.abs(e) < SMALLEST_NORMAL && Math.abs(a) < SMALLEST_NORMAL) continue;
    expect(Math.abs(a - e), `${label}(${inputs[i]}) = ${a}, cpu ${e}`).toBeLessThanOrEqual(ulps * ulp(e));
  }
}

/** Inputs spanning each function's domain, its edges and its special values. */
function inputsFor(op: UnaryOp): number[] {
  const span = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  const logSpan = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => 10 ** (lo + ((hi - lo) * i) / (n - 1)));
  const specials = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  switch (op) {
    case 'Exp':
      return [...span(-110, 110, 4001), ...span(-1e-3, 1e-3, 101), 88.72, 88.73, -87.33, -87.34, ...specials];
    case 'Log':
      return [...logSpan(-44, 38, 4001), ...span(0.5, 2, 2001), 1, -1, 1.4e-45, ...specials];
    case 'Log1p':
      return [...logSpan(-12, 30, 2001), ...logSpan(-12, 0, 2001).map((v) => -v * 0.999999), -1, -2, ...specials];
    case 'Relu':
    case 'Sigmoid':
    case 'Softplus':
      return [...span(-120, 120, 4001), ...span(-1e-3, 1e-3, 101), ...specials];
  }
}

const apply: Record<UnaryOp, (x: tf.Tensor) => tf.Tensor> = { Exp: tf.exp, Log: tf.log, Log1p: tf.log1p, Sigmoid: tf.sigmoid, Softplus: tf.softplus, Relu: tf.relu };
/** Worst error allowed, in float32 ulps of the cpu result (vector-exp.h: 2; vector-log.h: 3 and 5; composed functions a few more). */
const ULPS: Record<UnaryOp, number> = { Exp: 3, Log: 4, Log1p: 6, Sigmoid: 6, Softplus: 8, Relu: 0 };

describe.skipIf(addon === undefined)(`native unary kernels${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  const counting = addon === undefined ? undefined : countingAddon(addon, ['unary']);
  const calls = counting?.calls ?? { unary: 0 };
  beforeAll(() => useNativeWasmPath(counting!.addon, 2));
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(UNARY_OPS)('%s matches cpu within a few ulps over its domain, with inf, NaN and signed zero', async (op) => {
    const values = Float32Array.from(inputsFor(op));
    const fn = () => [apply[op](tf.tensor1d(values))];
    const [expected] = await runOn('cpu', fn);
    const before = calls.unary;
    const [actual] = await runOn('wasm', fn);
    expect(calls.unary - before).toBe(1);
    expectWithinUlps(actual!, expected!, ULPS[op], values, op);
  });

  it('gradients through the native kernels match cpu (the VAE likelihood: softplus(l) - x l)', async () => {
    const logits = Float32Array.from({ length: 3000 }, (_, i) => Math.sin(i) * 12);
    const fn = () => {
      const l = tf.tensor2d(logits, [30, 100]);
      const x = tf.cast(tf.greater(tf.sin(tf.mul(l, 7)), 0), 'float32');
      const f = (t: tf.Tensor) => tf.sum(tf.add(tf.sub(tf.softplus(t), tf.mul(t, x)), tf.mul(tf.sigmoid(t), tf.log1p(tf.exp(tf.neg(tf.abs(t)))))));
      const { value, grad } = tf.valueAndGrad(f)(l);
      return [value, grad];
    };
    const expected = await runOn('cpu', fn);
    const actual = await runOn('wasm', fn);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < expected[i]!.length; j++) expect(Math.abs(actual[i]![j]! - expected[i]![j]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[i]![j]!)));
    }
  });

  it('int32 inputs go to the stock kernel', async () => {
    const before = calls.unary;
    const [y] = await runOn('wasm', () => [tf.exp(tf.tensor1d([0, 1, 2], 'int32'))]);
    expect(calls.unary - before).toBe(0);
    expect(Array.from(y!)).toEqual([1, Math.fround(Math.E), Math.fround(Math.E ** 2)].map((v) => expect.closeTo(v, 5)));
  });

  it('leaks no tensors', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      for (const op of UNARY_OPS) apply[op](tf.tensor1d([0.5, 2]));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
