/**
 * ReLU max(x, 0) (Nair & Hinton 2010) with its gradient as one kernel: a backend may register
 * `GenmodelsReluGrad` (the native wasm path of @genmodels/backend does): inputs { dy, y } (float32,
 * one shape), output dy where y > 0, else 0. tfjs-core's Relu gradient is dy * cast(step(x)):
 * three passes over memory, 5 ms of each [64, 28, 28, 64] pre-activation in a PixelCNN step on
 * stock wasm kernels. Where no such kernel is registered, or while an outer tape records the
 * backward pass (a gradient of a gradient), the gradient is dy * step(y), which has a gradient.
 * The derivative at 0 is 0, as tfjs-core's.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

export const RELU_GRAD_KERNEL = 'GenmodelsReluGrad';

/** Whether the active backend computes the ReLU gradient as one kernel. */
export function hasFusedReluGrad(): boolean {
  return tf.getKernel(RELU_GRAD_KERNEL, tf.getBackend()) !== undefined;
}

function reluGradient(dy: Tensor, y: Tensor): Tensor {
  if (!tf.engine().isTapeOn() && dy.dtype === 'float32' && tf.util.arraysEqual(dy.shape, y.shape) && hasFusedReluGrad()) {
    return tf.engine().runKernel(RELU_GRAD_KERNEL, { dy, y }) as Tensor;
  }
  return tf.mul(dy, tf.step(y));
}

const reluWithGradient = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [Tensor, tf.GradSaveFunc];
  const y = tf.relu(x);
  save([y]);
  return { value: y, gradFunc: (dy: Tensor, saved: Tensor[]) => reluGradient(dy, saved[0]!) };
});

/** max(x, 0) of a float32 tensor, differentiated in one kernel where the backend has it (tf.relu otherwise). */
export function relu<T extends Tensor>(x: T): T {
  return (x.dtype === 'float32' ? reluWithGradient(x) : tf.relu(x)) as T;
}
