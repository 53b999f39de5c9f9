/**
 * The fused convolution contract: a backend may register `GenmodelsConv2D` and
 * `GenmodelsConv2DGrad` (the native wasm path of @genmodels/backend does) to run a convolution
 * with its bias and ReLU in one kernel each way. tfjs-core's own fused conv2d fuses only the bias
 * while a gradient is being recorded (its activation gradient covers linear and relu, but it
 * falls back to separate kernels during training), so a training step pays a pass over memory for
 * the bias, one for the ReLU, and three more in their gradients. Conv2D uses these kernels when
 * the active backend registers both, and composes TF.js ops otherwise. The gradient is registered
 * here, so every backend that provides the two kernels trains through them.
 *
 * GenmodelsConv2D: inputs { x [n, h, w, ci], filter [kh, kw, ci, co], bias [co] } (float32,
 * NHWC, dilation 1), attrs FusedConv2DAttrs, output y = act(conv(x, filter) + bias).
 * GenmodelsConv2DGrad: inputs { dy, x, filter, y }, same attrs, outputs [dx, dfilter, dbias]:
 * with g = dy * act'(y) (relu: dy where y > 0, else 0), dx and dfilter are the convolution's
 * gradients for g and dbias sums g over n, h and w.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor, Tensor1D, Tensor4D } from '@tensorflow/tfjs-core';

export const FUSED_CONV2D_KERNEL = 'GenmodelsConv2D';
export const FUSED_CONV2D_GRAD_KERNEL = 'GenmodelsConv2DGrad';

/** The activations the fused convolution applies after its bias (those tfjs-core's fused gradients cover). */
export type FusedConv2DActivation = 'linear' | 'relu';

export interface FusedConv2DAttrs {
  strides: number;
  pad: 'same' | 'valid';
  activation: FusedConv2DActivation;
}

/** Whether the active backend runs a convolution with its bias and activation as one fused kernel each way. */
export function hasFusedConv2D(): boolean {
  return tf.getKernel(FUSED_CONV2D_KERNEL, tf.getBackend()) !== undefined && tf.getKernel(FUSED_CONV2D_GRAD_KERNEL, tf.getBackend()) !== undefined;
}

function registerFusedConv2DGradient(): void {
  if (tf.getGradient(FUSED_CONV2D_KERNEL) !== undefined) return;
  tf.registerGradient({
    kernelName: FUSED_CONV2D_KERNEL,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved as Tensor[];
      const [dx, dfilter, dbias] = tf.engine().runKernel(FUSED_CONV2D_GRAD_KERNEL, { dy: Array.isArray(dy) ? dy[0]! : dy, x: x!, filter: filter!, y: y! }, attrs) as Tensor[];
      return { x: () => dx!, filter: () => dfilter!, bias: () => dbias! };
    },
  });
}

/** Runs the fused kernel (check hasFusedConv2D() first): act(conv2d(x, filter, strides, pad) + bias). */
export function fusedConv2d(x: Tensor4D, filter: Tensor4D, bias: Tensor1D, attrs: FusedConv2DAttrs): Tensor4D {
  registerFusedConv2DGradient();
  return tf.engine().runKernel(FUSED_CONV2D_KERNEL, { x, filter, bias }, attrs as unknown as NamedAttrMap) as Tensor4D;
}
