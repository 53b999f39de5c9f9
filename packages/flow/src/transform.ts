/**
 * The Transform contract of every flow layer (as in nflows, Durkan et al. 2019).
 *
 * `forward` is the normalizing direction: data x to latent z. `inverse` is the generative
 * direction: latent z to data x. Each returns the outputs and log|det J| per example (J the
 * Jacobian of the direction that was run), so that for a bijection
 *   forward(x).logAbsDet = -inverse(forward(x).outputs).logAbsDet
 * and log p(x) = log p_z(forward(x).outputs) + forward(x).logAbsDet.
 */
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';

// A type alias (not an interface) so that it is a TensorContainer that tf.tidy can return.
export type TransformResult = {
  /** The transformed batch, the same shape as the input. */
  outputs: Tensor;
  /** log |det J| per example, [batch]. */
  logAbsDet: Tensor1D;
};

export interface TransformOptions {
  /**
   * Conditioning context per example, [batch, contextDim] (class-conditional flows pass one-hot
   * labels). Transforms that take no context ignore it.
   */
  context?: Tensor2D;
  /**
   * Training mode: batch-norm layers use batch statistics and update their moving averages.
   * Default false (moving averages, no state change).
   */
  training?: boolean;
  /** Seed of stochastic preprocessing (uniform dequantization noise). */
  seed?: number;
}

export interface Transform {
  /** Data to latent (normalizing direction). */
  forward(x: Tensor, options?: TransformOptions): TransformResult;
  /** Latent to data (generative direction). */
  inverse(z: Tensor, options?: TransformOptions): TransformResult;
}

/** A transform that owns variables, created through a Parameters scope. */
export interface ParameterizedTransform extends Transform {
  readonly params: Parameters;
}
