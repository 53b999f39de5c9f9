// The @tensorflow/tfjs union registers tfjs-core's gradients, which tfjs-core alone does not in Node.
import '@tensorflow/tfjs';
import { Conv2D, type ExplicitConvPadding, fusedConv2d, hasFusedConv2D, Parameters } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxRelativeError, RELATIVE_TOLERANCE } from '../../test-utils/compare-backends.js';
import { countingAddon, tryLoadNativeAddon, useNativeWasmPath } from '../../test-utils/native-test-addon.js';
import { randomArray, seededRandom } from '../../test-utils/seeded-random.js';

const { addon, whyNot } = tryLoadNativeAddon();

type ArgumentsOf<F> = F extends (...args: infer A) => unknown ? A : never;

interface Case {
  x: [number, number, number, number];
  filters: number;
  kernel: number;
  strides: number;
  padding: 'same' | 'valid';
  activation: 'linear' | 'relu';
}

const CASES: Case[] = [
  { x: [2, 9, 8, 3], filters: 5, kernel: 3, strides: 1, padding: 'same', activation: 'relu' },
  { x: [3, 11, 10, 4], filters: 6, kernel: 4, strides: 2, padding: 'same', activation: 'relu' },
  { x: [2, 7, 9, 1], filters: 8, kernel: 3, strides: 1, padding: 'valid', activation: 'linear' }, // one input channel: im2col input gradient
  { x: [4, 12, 12, 16], filters: 2, kernel: 3, strides: 1, padding: 'same', activation: 'linear' }, // RealNVP's skinny output conv
];

/**
 * y and the gradients of sum(y * r) for x, kernel and bias of a core-nn Conv2D, read back. With
 * input 'variable' x is a trainable variable, so the gradient kernel computes dx; with 'data' it
 * skips dx and tf.grad's dx is composed from ops.
 */
function valueAndGrads(c: Case, input: 'data' | 'variable'): Float32Array[] {
  const random = seededRandom(c.x[1] * 10 + c.filters);
  const params = new Parameters({ seed: 1 });
  const layer = new Conv2D(params, 'conv', { inChannels: c.x[3], filters: c.filters, kernelSize: c.kernel, strides: c.strides, padding: c.padding, activation: c.activation });
  let variable: tf.Variable | undefined;
  const out = tf.tidy(() => {
    layer.kernel.assign(tf.tensor(randomArray(layer.kernel.size, random), layer.kernel.shape));
    layer.bias!.assign(tf.tensor(randomArray(c.filters, random), [c.filters]));
    const data = tf.tensor(randomArray(c.x.reduce((a, b) => a * b), random), c.x) as Tensor4D;
    const x = input === 'variable' ? ((variable = tf.variable(data)) as unknown as Tensor4D) : data;
    const y = layer.apply(x);
    const r = tf.tensor(randomArray(y.size, random), y.shape);
    const f = (input: Tensor) => tf.sum(tf.mul(layer.apply(input as Tensor4D), r)) as tf.Scalar;
    const dx = tf.grad(f)(x);
    const { grads } = tf.variableGrads(() => f(x), [layer.kernel, layer.bias!]);
    return [y, dx, grads[layer.kernel.name]!, grads[layer.bias!.name]!].map((t) => Float32Array.from(t.dataSync()));
  });
  variable?.dispose();
  params.dispose();
  return out;
}

describe.skipIf(addon === undefined)(`native fused conv + bias + relu${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  const counting = addon === undefined ? undefined : countingAddon(addon, ['conv', 'convGrad']);
  const calls = counting?.calls ?? { conv: 0, convGrad: 0 };
  let withoutDx = 0; // convGrad calls passed no dx array
  beforeAll(() =>
    useNativeWasmPath(
      {
        ...counting!.addon,
        convGrad: (...args: ArgumentsOf<NonNullable<typeof addon>['convGrad']>) => {
          if (args[6] === null) withoutDx++;
          return counting!.addon.convGrad(...args);
        },
      },
      2,
    ),
  );
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(CASES.flatMap((c) => (['variable', 'data'] as const).map((input) => [`x[${c.x.join(',')}] k${c.kernel} s${c.strides} ${c.padding} -> ${c.filters} ${c.activation}, x ${input}`, c, input] as const)))(
    'Conv2D values and gradients (x, kernel, bias) equal the composed layer on cpu: %s',
    async (_, c, input) => {
      await tf.setBackend('cpu');
      expect(hasFusedConv2D()).toBe(false);
      const expected = valueAndGrads(c, input);
      await tf.setBackend('wasm');
      expect(hasFusedConv2D()).toBe(true);
      const before = { ...calls, withoutDx };
      const actual = valueAndGrads(c, input);
      // One forward per apply, plus tf.grad's composed dx (Conv2DBackpropInput) when x is data.
      expect(calls.conv - before.conv).toBe(input === 'data' ? 4 : 3);
      expect(calls.convGrad - before.convGrad).toBe(2); // one per gradient pass: dx, dw and db together
      expect(withoutDx - before.withoutDx).toBe(input === 'data' ? 2 : 0);
      ['y', 'dx', 'dkernel', 'dbias'].forEach((name, i) => {
        expect(maxRelativeError(actual[i]!, expected[i]!), name).toBeLessThan(RELATIVE_TOLERANCE);
        expect(expected[i]!.some((v) => v !== 0), `${name} is all zeros on cpu`).toBe(true);
      });
    },
  );

  it("takes explicit, asymmetric padding (PixelCNN's cropped mask-B kernel): values and gradients equal tf.conv2d + bias on cpu", async () => {
    const random = seededRandom(17);
    const [xv, wv, bv] = [randomArray(2 * 9 * 8 * 3, random), randomArray(2 * 3 * 3 * 5, random), randomArray(5, random)];
    const pad: ExplicitConvPadding = [[0, 0], [1, 0], [1, 1], [0, 0]]; // 2 kernel rows: the row above and the centre row
    const run = (fused: boolean): Float32Array[] =>
      tf.tidy(() => {
        const [x, w, b] = [tf.tensor4d(xv, [2, 9, 8, 3]), tf.tensor4d(wv, [2, 3, 3, 5]), tf.tensor1d(bv)];
        const f = (xi: Tensor, wi: Tensor, bi: Tensor) =>
          fused ? fusedConv2d(xi as Tensor4D, wi as Tensor4D, bi as tf.Tensor1D, { strides: 1, pad, activation: 'linear' }) : tf.add(tf.conv2d(xi as Tensor4D, wi as Tensor4D, 1, pad), bi);
        const y = f(x, w, b);
        const grads = tf.grads((xi: Tensor, wi: Tensor, bi: Tensor) => tf.sum(tf.mul(f(xi, wi, bi), tf.sin(y))))([x, w, b]);
        return [y, ...grads].map((t) => Float32Array.from(t.dataSync()));
      });
    await tf.setBackend('cpu');
    const expected = run(false);
    await tf.setBackend('wasm');
    const before = calls.convGrad;
    const actual = run(true);
    expect(calls.convGrad - before).toBe(1);
    expect(actual[0]!.length).toBe(2 * 9 * 8 * 5);
    ['y', 'dx', 'dkernel', 'dbias'].forEach((name, i) => expect(maxRelativeError(actual[i]!, expected[i]!), name).toBeLessThan(RELATIVE_TOLERANCE));
  });

  it('rejects activations other than linear and relu, and arrays that do not fit', () => {
    const g = Int32Array.of(1, 3, 3, 1, 3, 3, 1, 3, 3, 1, 1, 1, 1, 1, 1);
    const a = new Float32Array(9);
    expect(() => addon!.convGrad(g, a, a, a, a, 4 as 1, a, a, a)).toThrow(/linear or relu/);
    expect(() => addon!.convGrad(g, a, new Float32Array(4), a, a, 1, a, a, a)).toThrow(/does not fit/);
  });
});
