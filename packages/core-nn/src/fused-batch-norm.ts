/**
 * The fused batch-norm kernel contract: a backend may register `GenmodelsBatchNorm` and
 * `GenmodelsBatchNormGrad` (the native wasm path of @genmodels/backend does) to run training-mode
 * batch normalization (Ioffe & Szegedy 2015) and the ReLU or leaky ReLU after it (DCGAN: Radford
 * et al. 2016) in one kernel each way; BatchNorm composes TF.js ops where none is registered. The
 * gradient is registered here, so every backend that provides both kernels trains through them.
 *
 * GenmodelsBatchNorm: inputs { x [..., c] float32 (rank >= 2), gamma [c], beta [c] }, attrs
 * FusedBatchNormAttrs, outputs [y (x's shape), mean [c], variance [c]]: the batch statistics over
 * every axis but the last, variance biased (as tf.moments). y = act(gamma (x - mean) /
 * sqrt(variance + epsilon) + beta).
 * GenmodelsBatchNormGrad: inputs { dy, x, gamma, beta, mean, variance }, same attrs, outputs
 * [dx, dgamma, dbeta]; act' at 0 is TF.js's (relu 0, leaky relu alpha). The gradient flows
 * through y only: mean and variance are reported for the moving statistics, not for a loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

export const FUSED_BATCH_NORM_KERNEL = 'GenmodelsBatchNorm';
export const FUSED_BATCH_NORM_GRAD_KERNEL = 'GenmodelsBatchNormGrad';

/** The activations the fused kernel applies after the affine step. */
export type BatchNormActivation = 'linear' | 'relu' | 'leakyRelu';

export interface FusedBatchNormAttrs {
  epsilon: number;
  activation: BatchNormActivation;
  /** The leaky ReLU's slope below 0 (used only with activation 'leakyRelu'). */
  leakyAlpha: number;
}

/** Whether the active backend runs training-mode batch norm as one fused kernel each way. */
export function hasFusedBatchNorm(): boolean {
  return tf.getKernel(FUSED_BATCH_NORM_KERNEL, tf.getBackend()) !== undefined && tf.getKernel(FUSED_BATCH_NORM_GRAD_KERNEL, tf.getBackend()) !== undefined;
}

function registerFusedBatchNormGradient(): void {
  if (tf.getGradient(FUSED_BATCH_NORM_KERNEL) !== undefined) return;
  tf.registerGradient({
    kernelName: FUSED_BATCH_NORM_KERNEL,
    inputsToSave: ['x', 'gamma', 'beta'],
    outputsToSave: [false, true, true],
    gradFunc: (dy, saved, attrs) => {
      const [x, gamma, beta, mean, variance] = saved as Tensor[];
      const dyY = Array.isArray(dy) ? dy[0]! : dy;
      const normAttrs = attrs as unknown as FusedBatchNormAttrs;
      if (tf.engine().isTapeOn()) return differentiableBatchNormGradient(dyY, x!, gamma!, beta!, normAttrs);
      const [dx, dgamma, dbeta] = tf.engine().runKernel(FUSED_BATCH_NORM_GRAD_KERNEL, { dy: dyY, x: x!, gamma: gamma!, beta: beta!, mean: mean!, variance: variance! }, attrs) as Tensor[];
      return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
    },
  });
}

/**
 * The gradient from TF.js ops, for when an outer tape records the backward pass (a gradient of a
 * gradient): the fused gradient kernel has no gradient of its own. The statistics are recomputed
 * from x, so the outer gradient sees them as the functions of x they are.
 */
function differentiableBatchNormGradient(dy: Tensor, x: Tensor, gamma: Tensor, beta: Tensor, attrs: FusedBatchNormAttrs): Record<string, () => Tensor> {
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  const invStd = tf.rsqrt(tf.add(variance, attrs.epsilon));
  const xhat = tf.mul(tf.sub(x, mean), invStd);
  const u = tf.add(tf.mul(xhat, gamma), beta);
  let g = dy;
  if (attrs.activation === 'relu') g = tf.mul(dy, tf.step(u));
  if (attrs.activation === 'leakyRelu') g = tf.mul(dy, tf.add(tf.mul(tf.step(u), 1 - attrs.leakyAlpha), attrs.leakyAlpha));
  const gx = tf.mul(g, xhat);
  return {
    x: () => tf.mul(tf.mul(gamma, invStd), tf.sub(tf.sub(g, tf.mean(g, axes)), tf.mul(xhat, tf.mean(gx, axes)))),
    gamma: () => tf.sum(gx, axes),
    beta: () => tf.sum(g, axes),
  };
}

/** Runs the fused kernel (check hasFusedBatchNorm() first): y and the batch mean and (biased) variance. */
export function fusedBatchNorm(x: Tensor, gamma: Tensor, beta: Tensor, attrs: FusedBatchNormAttrs): { y: Tensor; mean: Tensor; variance: Tensor } {
  registerFusedBatchNormGradient();
  const [y, mean, variance] = tf.engine().runKernel(FUSED_BATCH_NORM_KERNEL, { x, gamma, beta }, attrs as unknown as NamedAttrMap) as Tensor[];
  return { y: y!, mean: mean!, variance: variance! };
}
