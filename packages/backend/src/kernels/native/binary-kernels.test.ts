// The @tensorflow/tfjs union registers tfjs-core's gradients, which tfjs-core alone does not in Node.
import '@tensorflow/tfjs';
import { relu } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingAddon, tryLoadNativeAddon, useNativeWasmPath } from '../../test-utils/native-test-addon.js';
import { runOn } from '../../test-utils/compare-backends.js';
import { randomArray, seededRandom } from '../../test-utils/seeded-random.js';
import { BINARY_OPS, type BinaryOp } from './binary-kernels.js';

const { addon, whyNot } = tryLoadNativeAddon();

const apply: Record<BinaryOp, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor> = { Add: tf.add, Sub: tf.sub, Multiply: tf.mul };

describe.skipIf(addon === undefined)(`native Add, Sub, Multiply and ReLU gradient${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  const counting = addon === undefined ? undefined : countingAddon(addon, ['binary', 'reluGrad']);
  const calls = counting?.calls ?? { binary: 0, reluGrad: 0 };
  beforeAll(() => useNativeWasmPath(counting!.addon, 2));
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  // 40000 values with inf, NaN and signed zeros among them; IEEE float32 arithmetic leaves no room for error.
  const random = seededRandom(9);
  const a = randomArray(40000, random).map((v) => v * 1e3);
  const b = randomArray(40000, random);
  a.set([Number.POSITIVE_INFINITY, Number.NaN, -0, 0, 3e38], 0);
  b.set([Number.NEGATIVE_INFINITY, 1, 0, -0, 3e38], 0);

  it.each(BINARY_OPS)('%s of two same-shape float32 tensors equals cpu bit for bit, on the native threads', async (op) => {
    const fn = () => [apply[op](tf.tensor(a, [100, 20, 20]), tf.tensor(b, [100, 20, 20]))];
    const [expected] = await runOn('cpu', fn);
    const before = calls.binary;
    const [actual] = await runOn('wasm', fn);
    expect(calls.binary - before).toBe(1);
    expect(Array.from(actual!).map((v) => Object.is(v, -0) ? '-0' : v)).toEqual(Array.from(expected!).map((v) => Object.is(v, -0) ? '-0' : v));
  });

  it('broadcasts, int32 and small tensors go to the stock kernel', async () => {
    const before = calls.binary;
    const [broadcast, ints, small] = await runOn('wasm', () => [
      tf.add(tf.tensor(a, [100, 400]), tf.tensor(b.subarray(0, 400), [400])),
      tf.mul(tf.tensor1d([2, 3], 'int32'), tf.tensor1d([4, 5], 'int32')),
      tf.sub(tf.tensor1d([1, 2]), tf.tensor1d([0.5, 0.5])),
    ]);
    expect(calls.binary - before).toBe(0);
    expect(broadcast![401]).toBe(Math.fround(a[401]! + b[1]!));
    expect(Array.from(ints!)).toEqual([8, 15]);
    expect(Array.from(small!)).toEqual([0.5, 1.5]);
  });

  it("core-nn's relu differentiates through GenmodelsReluGrad to cpu's gradient, and through ops under a second derivative", async () => {
    const x = randomArray(30000, random);
    x.set([0, -0], 0);
    const w = randomArray(30000, random);
    const first = () => [tf.grad((t: tf.Tensor) => tf.sum(tf.mul(relu(t), tf.tensor(w, [30, 1000]))))(tf.tensor(x, [30, 1000]))];
    const [expected] = await runOn('cpu', first);
    const before = calls.reluGrad;
    const [actual] = await runOn('wasm', first);
    expect(calls.reluGrad - before).toBe(1);
    // cpu's dy * step(y) gives -0 where dy < 0 and y <= 0; the select gives +0: equal numbers.
    const unsigned = (v: Float32Array) => Array.from(v, (e) => e + 0);
    expect(unsigned(actual!)).toEqual(unsigned(expected!));
    // d/dw of sum(d/dx sum(relu(x) w)) = step(x): the outer tape records the inner backward pass.
    const second = () => {
      const weights = tf.tensor(w, [30, 1000]);
      return [tf.grad((v: tf.Tensor) => tf.sum(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(relu(t), v)))(tf.tensor(x, [30, 1000]))))(weights)];
    };
    const [expectedSecond] = await runOn('cpu', second);
    const beforeSecond = calls.reluGrad;
    const [actualSecond] = await runOn('wasm', second);
    expect(calls.reluGrad - beforeSecond).toBe(0);
    expect(unsigned(actualSecond!)).toEqual(unsigned(expectedSecond!));
  });

  it('rejects arrays of different lengths and unknown ops', () => {
    const f = new Float32Array(4);
    expect(() => addon!.binary(0, f, new Float32Array(3), f)).toThrow(/different lengths/);
    expect(() => addon!.binary(7, f, f, f)).toThrow(/unknown op/);
    expect(() => addon!.reluGrad(f, new Float32Array(3), f)).toThrow(/y must match dy/);
  });

  it('leaks no tensors', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      for (const op of BINARY_OPS) apply[op](tf.tensor(a, [40000]), tf.tensor(b, [40000]));
      tf.grad((t: tf.Tensor) => tf.sum(relu(t)))(tf.tensor(a, [40000]));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
