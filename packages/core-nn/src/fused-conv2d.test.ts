import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, Tensor, Tensor4D, TensorInfo } from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { Conv2D } from './conv2d.js';
import { FUSED_CONV2D_GRAD_KERNEL, FUSED_CONV2D_KERNEL, hasFusedConv2D, type FusedConv2DAttrs } from './fused-conv2d.js';
import { Parameters } from './parameters.js';

// Reference kernels implementing the contract with TF.js ops (the other way to compute the same).
const calls = { forward: 0, grad: 0, gradWithoutInput: 0 };
const forward: KernelFunc = ({ inputs, attrs }) => {
  calls.forward++;
  const { x, filter, bias } = inputs as Record<string, Tensor>;
  const a = attrs as unknown as FusedConv2DAttrs;
  return tf.tidy(() => {
    const y = tf.add(tf.conv2d(x as Tensor4D, filter as Tensor4D, a.strides, a.pad), bias!);
    return a.activation === 'relu' ? tf.relu(y) : y;
  }) as TensorInfo;
};
const grad: KernelFunc = ({ inputs, attrs }) => {
  calls.grad++;
  const { dy, x, filter, y } = inputs as Record<string, Tensor>;
  const a = attrs as unknown as FusedConv2DAttrs;
  return tf.tidy(() => {
    const g = a.activation === 'relu' ? tf.where(tf.greater(y!, 0), dy!, tf.zerosLike(dy!)) : dy!;
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x: x!, dy: g }, { strides: a.strides, pad: a.pad, dataFormat: 'NHWC', filterShape: filter!.shape }) as Tensor;
    if (a.inputNeedsGradient === false) {
      calls.gradWithoutInput++;
      return [dw, tf.sum(g, [0, 1, 2])];
    }
    const dx = tf.conv2dTranspose(g as Tensor4D, filter as Tensor4D, x!.shape as [number, number, number, number], a.strides, a.pad);
    return [dx, dw, tf.sum(g, [0, 1, 2])];
  }) as TensorInfo[];
};

/** y and the gradients of sum(y * r) with respect to x, kernel and bias of a Conv2D layer. */
function valueAndGrads(activation: 'linear' | 'relu', strides: number, pad: 'same' | 'valid'): number[][] {
  const params = new Parameters({ seed: 3 });
  const layer = new Conv2D(params, 'c', { inChannels: 3, filters: 4, kernelSize: 3, strides, padding: pad, activation });
  tf.tidy(() => layer.bias!.assign(tf.randomNormal([4], 0, 0.5, 'float32', 9)));
  const x = tf.randomNormal([2, 7, 6, 3], 0, 1, 'float32', 1) as Tensor4D;
  const out = tf.tidy(() => {
    const y = layer.apply(x);
    const r = tf.randomNormal(y.shape, 0, 1, 'float32', 2);
    const f = (input: Tensor) => tf.sum(tf.mul(layer.apply(input as Tensor4D), r));
    const dx = tf.grad(f)(x);
    const { grads } = tf.variableGrads(() => f(x) as tf.Scalar, [layer.kernel, layer.bias!]);
    return [y, dx, grads[layer.kernel.name]!, grads[layer.bias!.name]!].map((t) => Array.from(t.dataSync()));
  });
  x.dispose();
  params.dispose();
  return out;
}


/** WGAN-GP's penalty shape: the gradient, with respect to the kernel, of the squared norm of d sum(y) / dx. */
function penaltyKernelGradient(activation: 'linear' | 'relu'): number[] {
  const params = new Parameters({ seed: 5 });
  const layer = new Conv2D(params, 'c', { inChannels: 2, filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation });
  tf.tidy(() => layer.bias!.assign(tf.randomNormal([3], 0, 0.5, 'float32', 8)));
  const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 4) as Tensor4D;
  const out = tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const dx = tf.grad((input: Tensor) => tf.sum(tf.square(layer.apply(input as Tensor4D))))(x);
      return tf.sum(tf.square(dx)) as tf.Scalar;
    }, [layer.kernel]);
    return Array.from(grads[layer.kernel.name]!.dataSync());
  });
  x.dispose();
  params.dispose();
  return out;
}

describe('fused Conv2D contract', () => {
  afterEach(() => {
    for (const name of [FUSED_CONV2D_KERNEL, FUSED_CONV2D_GRAD_KERNEL]) if (tf.getKernel(name, tf.getBackend())) tf.unregisterKernel(name, tf.getBackend());
  });

  it.each([
    ['relu', 1, 'same'],
    ['linear', 2, 'valid'],
    ['relu', 2, 'same'],
  ] as const)('Conv2D (%s, stride %i, %s) runs the two kernels when registered; values and gradients (x, kernel, bias) equal the composition', (activation, strides, pad) => {
    expect(hasFusedConv2D()).toBe(false);
    const expected = valueAndGrads(activation, strides, pad);
    tf.registerKernel({ kernelName: FUSED_CONV2D_KERNEL, backendName: tf.getBackend(), kernelFunc: forward });
    tf.registerKernel({ kernelName: FUSED_CONV2D_GRAD_KERNEL, backendName: tf.getBackend(), kernelFunc: grad });
    expect(hasFusedConv2D()).toBe(true);
    const before = { ...calls };
    const actual = valueAndGrads(activation, strides, pad);
    expect(calls.forward - before.forward).toBe(3); // y, and once in each of the two gradient passes
    expect(calls.grad - before.grad).toBe(2); // dx, and (kernel, bias) together
    // x is data in both passes: the kernel skips dx, and tf.grad's dx is composed from ops.
    expect(calls.gradWithoutInput - before.gradWithoutInput).toBe(2);
    actual.forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 4)));
    expect(expected[3]!.some((v) => v !== 0)).toBe(true);
  });

  it.each(['linear', 'relu'] as const)('a gradient of a gradient (WGAN-GP) goes through the kernels and equals the composition (%s)', (activation) => {
    const expected = penaltyKernelGradient(activation);
    tf.registerKernel({ kernelName: FUSED_CONV2D_KERNEL, backendName: tf.getBackend(), kernelFunc: forward });
    tf.registerKernel({ kernelName: FUSED_CONV2D_GRAD_KERNEL, backendName: tf.getBackend(), kernelFunc: grad });
    const before = calls.forward;
    const actual = penaltyKernelGradient(activation);
    expect(calls.forward).toBeGreaterThan(before);
    expect(expected.some((v) => v !== 0)).toBe(true);
    actual.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 3));
  });

  it('the composition stays for activations and dilations the kernels do not cover', () => {
    tf.registerKernel({ kernelName: FUSED_CONV2D_KERNEL, backendName: tf.getBackend(), kernelFunc: forward });
    tf.registerKernel({ kernelName: FUSED_CONV2D_GRAD_KERNEL, backendName: tf.getBackend(), kernelFunc: grad });
    const params = new Parameters({ seed: 4 });
    const before = calls.forward;
    const x = tf.ones([1, 6, 6, 2]) as Tensor4D;
    for (const options of [{ activation: 'silu' as const }, { dilation: 2 }, { useBias: false }]) {
      const layer = new Conv2D(params, `c${JSON.stringify(options)}`, { inChannels: 2, filters: 3, kernelSize: 3, ...options });
      layer.apply(x).dispose();
    }
    expect(calls.forward).toBe(before);
    x.dispose();
    params.dispose();
  });
});
