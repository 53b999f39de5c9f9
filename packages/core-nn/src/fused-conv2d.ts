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
 * gradients for g and dbias sums g over n, h and w; [dfilter, dbias] alone when
 * attrs.inputNeedsGradient is false. fusedConv2d sets that attr false when x does not depend on a
 * trainable variable (the images fed to a first layer), so that backward pass skips dx; dx asked
 * for anyway is composed from ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor, Tensor1D, Tensor4D } from '@tensorflow/tfjs-core';
import { reachesTrainableVariable } from './reaches-trainable-variable.js';

export const FUSED_CONV2D_KERNEL = 'GenmodelsConv2D';
export const FUSED_CONV2D_GRAD_KERNEL = 'GenmodelsConv2DGrad';

/** The activations the fused convolution applies after its bias (those tfjs-core's fused gradients cover). */
export type FusedConv2DActivation = 'linear' | 'relu';

/** Explicit NHWC padding, [[0, 0], [top, bottom], [left, right], [0, 0]], as tf.conv2d takes it. */
export type ExplicitConvPadding = [[number, number], [number, number], [number, number], [number, number]];

export interface FusedConv2DAttrs {
  strides: number;
  pad: 'same' | 'valid' | ExplicitConvPadding;
  activation: FusedConv2DActivation;
  /** False: the gradient kernel skips dx (absent means true). Set by fusedConv2d. */
  inputNeedsGradient?: boolean;
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
      const g = Array.isArray(dy) ? dy[0]! : dy;
      const convAttrs = attrs as unknown as FusedConv2DAttrs;
      if (tf.engine().isTapeOn()) return differentiableConv2DGradient(g, x!, filter!, y!, convAttrs);
      const inputs = { dy: g, x: x!, filter: filter!, y: y! };
      if (convAttrs.inputNeedsGradient === false) {
        const [dfilter, dbias] = tf.engine().runKernel(FUSED_CONV2D_GRAD_KERNEL, inputs, attrs) as Tensor[];
        return { x: () => differentiableConv2DGradient(g, x!, filter!, y!, convAttrs).x!(), filter: () => dfilter!, bias: () => dbias! };
      }
      const [dx, dfilter, dbias] = tf.engine().runKernel(FUSED_CONV2D_GRAD_KERNEL, inputs, attrs) as Tensor[];
      return { x: () => dx!, filter: () => dfilter!, bias: () => dbias! };
    },
  });
}

/**
 * The gradient composed from TF.js ops, for when an outer tape records the backward pass (a
 * gradient of a gradient, as WGAN-GP's penalty takes: Gulrajani et al. 2017): the fused gradient
 * kernel has no gradient of its own, while these ops do. The ReLU's derivative is a constant step
 * (its second derivative is zero almost everywhere).
 */
function differentiableConv2DGradient(dy: Tensor, x: Tensor, filter: Tensor, y: Tensor, attrs: FusedConv2DAttrs): Record<string, () => Tensor> {
  const g = attrs.activation === 'relu' ? tf.mul(dy, tf.step(y)) : dy;
  const conv = { strides: attrs.strides, pad: attrs.pad, dataFormat: 'NHWC', dilations: 1 };
  return {
    x: () => tf.conv2dTranspose(g as Tensor4D, filter as Tensor4D, x.shape as [number, number, number, number], attrs.strides, attrs.pad),
    filter: () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: g }, { ...conv, filterShape: filter.shape }) as Tensor,
    bias: () => tf.sum(g, [0, 1, 2]),
  };
}

/** Runs the fused kernel (check hasFusedConv2D() first): act(conv2d(x, filter, strides, pad) + bias). */
export function fusedConv2d(x: Tensor4D, filter: Tensor4D, bias: Tensor1D, attrs: FusedConv2DAttrs): Tensor4D {
  registerFusedConv2DGradient();
  const withInput: FusedConv2DAttrs = { ...attrs, inputNeedsGradient: reachesTrainableVariable(x) };
  return tf.engine().runKernel(FUSED_CONV2D_KERNEL, { x, filter, bias }, withInput as unknown as NamedAttrMap) as Tensor4D;
}
