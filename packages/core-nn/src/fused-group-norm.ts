/**
 * The fused group-norm kernel contract: a backend may register `GenmodelsGroupNorm` and
 * `GenmodelsGroupNormGrad` (the native wasm path of @genmodels/backend does) to run group
 * normalization (Wu & He 2018) and an optional SiLU in one pass each way; GroupNorm falls back to
 * composing TF.js ops where none is registered. The gradient is registered here, so every
 * backend that provides the two kernels trains through them.
 *
 * GenmodelsGroupNorm: inputs { x [n, h, w, c] float32, gamma [c], beta [c] }, attrs
 * FusedGroupNormAttrs, outputs [y (x's shape), mean [n, groups], invStd [n, groups]] where
 * invStd = 1 / sqrt(variance + epsilon) (biased variance over pixels and the group's channels).
 * GenmodelsGroupNormGrad: inputs { dy, x, gamma, beta, mean, invStd }, same attrs, outputs
 * [dx, dgamma, dbeta].
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

export const FUSED_GROUP_NORM_KERNEL = 'GenmodelsGroupNorm';
export const FUSED_GROUP_NORM_GRAD_KERNEL = 'GenmodelsGroupNormGrad';

/** The activations the fused kernel applies after the affine step. */
export type GroupNormActivation = 'linear' | 'silu';

export interface FusedGroupNormAttrs {
  groups: number;
  epsilon: number;
  activation: GroupNormActivation;
}

/** Whether the active backend runs group norm as one fused kernel. */
export function hasFusedGroupNorm(): boolean {
  return tf.getKernel(FUSED_GROUP_NORM_KERNEL, tf.getBackend()) !== undefined && tf.getKernel(FUSED_GROUP_NORM_GRAD_KERNEL, tf.getBackend()) !== undefined;
}

function registerFusedGroupNormGradient(): void {
  if (tf.getGradient(FUSED_GROUP_NORM_KERNEL) !== undefined) return;
  tf.registerGradient({
    kernelName: FUSED_GROUP_NORM_KERNEL,
    inputsToSave: ['x', 'gamma', 'beta'],
    outputsToSave: [false, true, true],
    gradFunc: (dy, saved, attrs) => {
      const [x, gamma, beta, mean, invStd] = saved as Tensor[];
      const dyY = Array.isArray(dy) ? dy[0]! : dy;
      const [dx, dgamma, dbeta] = tf.engine().runKernel(FUSED_GROUP_NORM_GRAD_KERNEL, { dy: dyY, x: x!, gamma: gamma!, beta: beta!, mean: mean!, invStd: invStd! }, attrs) as Tensor[];
      return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
    },
  });
}

/** Runs the fused kernel (check hasFusedGroupNorm() first); returns y only. */
export function fusedGroupNorm(x: Tensor, gamma: Tensor, beta: Tensor, attrs: FusedGroupNormAttrs): Tensor {
  registerFusedGroupNormGradient();
  const outputs = tf.engine().runKernel(FUSED_GROUP_NORM_KERNEL, { x, gamma, beta }, attrs as unknown as NamedAttrMap) as Tensor[];
  outputs[1]!.dispose();
  outputs[2]!.dispose();
  return outputs[0]!;
}
