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

type ArgumentsOf<F> = F extends (...args: infer A) => unknown ? A : never;

const CASES = [
  { batch: 16, inputDim: 33, units: 20, activation: 'relu' as const },
  { batch: 1, inputDim: 7, units: 64, activation: 'linear' as const },
  { batch: 128, inputDim: 64, units: 3, activation: 'relu' as const },
];

/**
 * y and the gradients of sum(y * r) for x, kernel and bias of a core-nn Dense, read back. With
 * input 'variable' x is a trainable variable, so the gradient kernel computes dx; with 'data' it
 * skips dx and tf.grad's dx is composed from ops.
 */
function valueAndGrads(c: (typeof CASES)[number], input: 'data' | 'variable'): Float32Array[] {
  const random = seededRandom(c.inputDim * 100 + c.units);
  const params = new Parameters({ seed: 1 });
  const layer = new Dense(params, 'dense', { inputDim: c.inputDim, units: c.units, activation: c.activation });
  let variable: tf.Variable | undefined;
  const out = tf.tidy(() => {
    layer.kernel.assign(tf.tensor(randomArray(layer.kernel.size, random), layer.kernel.shape));
    layer.bias!.assign(tf.tensor(randomArray(c.units, random), [c.units]));
    const data = tf.tensor2d(randomArray(c.batch * c.inputDim, random), [c.batch, c.inputDim]);
    const x = input === 'variable' ? (variable = tf.variable(data)) : data;
    const r = tf.tensor2d(randomArray(c.batch * c.units, random), [c.batch, c.units]);
    const f = (t: Tensor) => tf.sum(tf.mul(layer.apply(t as Tensor2D), r)) as tf.Scalar;
    const { grads } = tf.variableGrads(() => f(x), [layer.kernel, layer.bias!]);
    return [layer.apply(x), tf.grad(f)(x), grads[layer.kernel.name]!, grads[layer.bias!.name]!].map((t) => Float32Array.from(t.dataSync()));
  });
  variable?.dispose();
  params.dispose();
  return out;
}

describe.skipIf(addon === undefined)(`native fused dense + bias + relu${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  const counting = addon === undefined ? undefined : countingAddon(addon, ['sgemm', 'denseGrad']);
  const calls = counting?.calls ?? { sgemm: 0, denseGrad: 0 };
  let withoutDx = 0; // denseGrad calls passed no dx array
  beforeAll(() =>
    useNativeWasmPath(
      {
        ...counting!.addon,
        denseGrad: (...args: ArgumentsOf<NonNullable<typeof addon>['denseGrad']>) => {
          if (args[8] === null) withoutDx++;
          counting!.addon.denseGrad(...args);
        },
      },
      2,
    ),
  );
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(CASES.flatMap((c) => (['variable', 'data'] as const).map((input) => [`[${c.batch}, ${c.inputDim}] -> ${c.units} ${c.activation}, x ${input}`, c, input] as const)))(
    'Dense values and gradients (x, kernel, bias) equal the composed layer on cpu: %s',
    async (_, c, input) => {
      await tf.setBackend('cpu');
      expect(hasFusedDense()).toBe(false);
      const expected = valueAndGrads(c, input);
      await tf.setBackend('wasm');
      expect(hasFusedDense()).toBe(true);
      const before = { ...calls, withoutDx };
      const actual = valueAndGrads(c, input);
      // One forward sgemm per apply, plus tf.grad's composed dx when x is data.
      expect(calls.sgemm - before.sgemm).toBe(input === 'data' ? 4 : 3);
      expect(calls.denseGrad - before.denseGrad).toBe(2); // one per gradient pass
      expect(withoutDx - before.withoutDx).toBe(input === 'data' ? 2 : 0);
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
