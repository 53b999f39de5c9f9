import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, Tensor, Tensor2D, TensorInfo } from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { Dense } from './dense.js';
import { FUSED_DENSE_GRAD_KERNEL, FUSED_DENSE_KERNEL, hasFusedDense, type FusedDenseAttrs } from './fused-dense.js';
import { Parameters } from './parameters.js';

// Reference kernels implementing the contract with TF.js ops.
const calls = { forward: 0, grad: 0, gradWithoutInput: 0 };
const forward: KernelFunc = ({ inputs, attrs }) => {
  calls.forward++;
  const { x, kernel, bias } = inputs as Record<string, Tensor>;
  return tf.tidy(() => {
    const y = tf.add(tf.matMul(x as Tensor2D, kernel as Tensor2D), bias!);
    return (attrs as unknown as FusedDenseAttrs).activation === 'relu' ? tf.relu(y) : y;
  }) as TensorInfo;
};
const grad: KernelFunc = ({ inputs, attrs }) => {
  calls.grad++;
  const { dy, x, kernel, y } = inputs as Record<string, Tensor>;
  return tf.tidy(() => {
    const g = (attrs as unknown as FusedDenseAttrs).activation === 'relu' ? tf.where(tf.greater(y!, 0), dy!, tf.zerosLike(dy!)) : dy!;
    const weights = [tf.matMul(x!, g, true, false), tf.sum(g, 0)];
    if ((attrs as unknown as FusedDenseAttrs).inputNeedsGradient !== false) return [tf.matMul(g, kernel!, false, true), ...weights];
    calls.gradWithoutInput++;
    return weights;
  }) as TensorInfo[];
};

function valueAndGrads(activation: 'linear' | 'relu'): number[][] {
  const params = new Parameters({ seed: 8 });
  const layer = new Dense(params, 'd', { inputDim: 6, units: 5, activation });
  tf.tidy(() => layer.bias!.assign(tf.randomNormal([5], 0, 0.5, 'float32', 4)));
  const x = tf.randomNormal([7, 6], 0, 1, 'float32', 5) as Tensor2D;
  const out = tf.tidy(() => {
    const r = tf.randomNormal([7, 5], 0, 1, 'float32', 6);
    const f = (input: Tensor) => tf.sum(tf.mul(layer.apply(input as Tensor2D), r));
    const { grads } = tf.variableGrads(() => f(x) as tf.Scalar, [layer.kernel, layer.bias!]);
    return [layer.apply(x), tf.grad(f)(x), grads[layer.kernel.name]!, grads[layer.bias!.name]!].map((t) => Array.from(t.dataSync()));
  });
  x.dispose();
  params.dispose();
  return out;
}


/** WGAN-GP's penalty shape: the gradient, with respect to the kernel, of the squared norm of d sum(y^2) / dx. */
function penaltyKernelGradient(activation: 'linear' | 'relu'): number[] {
  const params = new Parameters({ seed: 9 });
  const layer = new Dense(params, 'd', { inputDim: 6, units: 5, activation });
  tf.tidy(() => layer.bias!.assign(tf.randomNormal([5], 0, 0.5, 'float32', 3)));
  const x = tf.randomNormal([7, 6], 0, 1, 'float32', 2) as Tensor2D;
  const out = tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const dx = tf.grad((input: Tensor) => tf.sum(tf.square(layer.apply(input as Tensor2D))))(x);
      return tf.sum(tf.square(dx)) as tf.Scalar;
    }, [layer.kernel]);
    return Array.from(grads[layer.kernel.name]!.dataSync());
  });
  x.dispose();
  params.dispose();
  return out;
}

describe('fused Dense contract', () => {
  afterEach(() => {
    for (const name of [FUSED_DENSE_KERNEL, FUSED_DENSE_GRAD_KERNEL]) if (tf.getKernel(name, tf.getBackend())) tf.unregisterKernel(name, tf.getBackend());
  });

  it.each(['relu', 'linear'] as const)('Dense (%s) runs the two kernels when registered; values and gradients (x, kernel, bias) equal the composition', (activation) => {
    expect(hasFusedDense()).toBe(false);
    const expected = valueAndGrads(activation);
    tf.registerKernel({ kernelName: FUSED_DENSE_KERNEL, backendName: tf.getBackend(), kernelFunc: forward });
    tf.registerKernel({ kernelName: FUSED_DENSE_GRAD_KERNEL, backendName: tf.getBackend(), kernelFunc: grad });
    expect(hasFusedDense()).toBe(true);
    const before = { ...calls };
    const actual = valueAndGrads(activation);
    expect(calls.forward - before.forward).toBe(3);
    expect(calls.grad - before.grad).toBe(2);
    actual.forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 5)));
    expect(expected[3]!.some((v) => v !== 0)).toBe(true);
  });

  it.each(['linear', 'relu'] as const)('a gradient of a gradient (WGAN-GP) goes through the kernels and equals the composition (%s)', (activation) => {
    const expected = penaltyKernelGradient(activation);
    tf.registerKernel({ kernelName: FUSED_DENSE_KERNEL, backendName: tf.getBackend(), kernelFunc: forward });
    tf.registerKernel({ kernelName: FUSED_DENSE_GRAD_KERNEL, backendName: tf.getBackend(), kernelFunc: grad });
    const before = calls.forward;
    const actual = penaltyKernelGradient(activation);
    expect(calls.forward).toBeGreaterThan(before);
    expect(expected.some((v) => v !== 0)).toBe(true);
    actual.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 4));
  });

  it('a first layer (its input is data, not computed from a variable) skips dx; deeper layers and tf.grad with respect to the data still get it', () => {
    const params = new Parameters({ seed: 5 });
    const first = new Dense(params, 'first', { inputDim: 4, units: 6, activation: 'relu' });
    const second = new Dense(params, 'second', { inputDim: 6, units: 3 });
    const x = tf.randomNormal([5, 4], 0, 1, 'float32', 7) as Tensor2D;
    const loss = (input: Tensor) => tf.sum(tf.square(second.apply(first.apply(tf.reshape(input, [5, 4]) as Tensor2D)))) as tf.Scalar;
    const gradients = () =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => loss(x), [first.kernel, first.bias!, second.kernel]);
        return [grads[first.kernel.name]!, grads[first.bias!.name]!, grads[second.kernel.name]!, tf.grad(loss)(x)].map((t) => Array.from(t.dataSync()));
      });
    const expected = gradients();
    tf.registerKernel({ kernelName: FUSED_DENSE_KERNEL, backendName: tf.getBackend(), kernelFunc: forward });
    tf.registerKernel({ kernelName: FUSED_DENSE_GRAD_KERNEL, backendName: tf.getBackend(), kernelFunc: grad });
    const before = { ...calls };
    const actual = gradients();
    // variableGrads: second (with dx), first (without); tf.grad(loss)(x): second, and first without dx plus the composed dx.
    expect(calls.grad - before.grad).toBe(4);
    expect(calls.gradWithoutInput - before.gradWithoutInput).toBe(2);
    actual.forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 5)));
    expect(expected[3]!.some((v) => v !== 0)).toBe(true);
    x.dispose();
    params.dispose();
  });

  it('the composition stays for other activations and without a bias', () => {
    tf.registerKernel({ kernelName: FUSED_DENSE_KERNEL, backendName: tf.getBackend(), kernelFunc: forward });
    tf.registerKernel({ kernelName: FUSED_DENSE_GRAD_KERNEL, backendName: tf.getBackend(), kernelFunc: grad });
    const params = new Parameters({ seed: 4 });
    const before = calls.forward;
    const x = tf.ones([2, 3]) as Tensor2D;
    new Dense(params, 'a', { inputDim: 3, units: 2, activation: 'tanh' }).apply(x).dispose();
    new Dense(params, 'b', { inputDim: 3, units: 2, useBias: false }).apply(x).dispose();
    expect(calls.forward).toBe(before);
    x.dispose();
    params.dispose();
  });
});
