// The @tensorflow/tfjs union registers tfjs-core's gradients, which tfjs-core alone does not in Node.
import '@tensorflow/tfjs';
import { Dense, hasFusedDense, Parameters } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxRelativeError, RELATIVE_TOLERANCE } from '../../test-utils/compare-backends.js';
import { countingAddon, tryLoadNativeAddon, useNativeWasmPath } from '../../test-utils/native-test-addon.js';
import { randomArray, seededRandom } from '../../test-utils/seeded-random.js';

const { addon, whyNot } = tryLoadNativeAddon();

const CASES = [
  { batch: 16, inputDim: 33, units: 20, activation: 'relu' as const },
  { batch: 1, inputDim: 7, units: 64, activation: 'linear' as const },
  { batch: 128, inputDim: 64, units: 3, activation: 'relu' as const },
];

/** y and the gradients of sum(y * r) for x, kernel and bias of a core-nn Dense, read back. */
function valueAndGrads(c: (typeof CASES)[number]): Float32Array[] {
  const random = seededRandom(c.inputDim * 100 + c.units);
  const params = new Parameters({ seed: 1 });
  const layer = new Dense(params, 'dense', { inputDim: c.inputDim, units: c.units, activation: c.activation });
  const out = tf.tidy(() => {
    layer.kernel.assign(tf.tensor(randomArray(layer.kernel.size, random), layer.kernel.shape));
    layer.bias!.assign(tf.tensor(randomArray(c.units, random), [c.units]));
    const x = tf.tensor2d(randomArray(c.batch * c.inputDim, random), [c.batch, c.inputDim]);
    const r = tf.tensor2d(randomArray(c.batch * c.units, random), [c.batch, c.units]);
    const f = (input: Tensor) => tf.sum(tf.mul(layer.apply(input as Tensor2D), r)) as tf.Scalar;
    const { grads } = tf.variableGrads(() => f(x), [layer.kernel, layer.bias!]);
    return [layer.apply(x), tf.grad(f)(x), grads[layer.kernel.name]!, grads[layer.bias!.name]!].map((t) => Float32Array.from(t.dataSync()));
  });
  params.dispose();
  return out;
}

describe.skipIf(addon === undefined)(`native fused dense + bias + relu${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  const counting = addon === undefined ? undefined : countingAddon(addon, ['sgemm', 'denseGrad']);
  const calls = counting?.calls ?? { sgemm: 0, denseGrad: 0 };
  beforeAll(() => useNativeWasmPath(counting!.addon, 2));
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(CASES.map((c) => [`[${c.batch}, ${c.inputDim}] -> ${c.units} ${c.activation}`, c] as const))(
    'Dense values and gradients (x, kernel, bias) equal the composed layer on cpu: %s',
    async (_, c) => {
      await tf.setBackend('cpu');
      expect(hasFusedDense()).toBe(false);
      const expected = valueAndGrads(c);
      await tf.setBackend('wasm');
      expect(hasFusedDense()).toBe(true);
      const before = { ...calls };
      const actual = valueAndGrads(c);
      expect(calls.sgemm - before.sgemm).toBe(3); // one forward per apply
      expect(calls.denseGrad - before.denseGrad).toBe(2); // one per gradient pass
      ['y', 'dx', 'dkernel', 'dbias'].forEach((name, i) => {
        expect(maxRelativeError(actual[i]!, expected[i]!), name).toBeLessThan(RELATIVE_TOLERANCE);
        expect(expected[i]!.some((v) => v !== 0), `${name} is all zeros on cpu`).toBe(true);
      });
    },
  );

  it('rejects activations other than linear and relu, and sizes that do not fit', () => {
    const a = new Float32Array(6);
    expect(() => addon!.denseGrad(2, 3, 2, a, a, a, a, 2 as 1, a, a, a)).toThrow(/linear or relu/);
    expect(() => addon!.denseGrad(3, 3, 3, a, a, a, a, 1, a, a, a)).toThrow(/do not fit/);
  });
});
