import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** Element-wise nonlinearities used by the building blocks. */
export type Activation = 'linear' | 'relu' | 'leakyRelu' | 'elu' | 'tanh' | 'sigmoid' | 'silu' | 'gelu' | 'softplus';

export const ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'leakyRelu', 'elu', 'tanh', 'sigmoid', 'silu', 'gelu', 'softplus'];

/**
 * Leaky ReLU max(x, alpha x) for 0 <= alpha < 1 (Maas et al. 2013), written as
 * alpha x + (1 - alpha) relu(x) so that it has a second derivative in TF.js.
 *
 * Why not tf.leakyRelu: its registered gradient is where(greater(x, 0), dy, alpha dy), and
 * tfjs-core 4.22 registers no gradient for Greater, so differentiating that gradient again (the
 * WGAN-GP penalty needs d/dtheta of ||dD/dx||) fails with "gradient function not found for
 * Greater". tf.maximum has the same problem through Less. relu's gradient is dy * step(x), and
 * Step and Cast have gradients, so this form is differentiable twice on every backend.
 */
export function leakyRelu(x: Tensor, alpha: number): Tensor {
  if (!(alpha >= 0 && alpha < 1)) throw new Error(`leakyRelu: alpha must be in [0, 1), got ${alpha}`);
  return tf.tidy(() => tf.add(tf.mul(x, alpha), tf.mul(tf.relu(x), 1 - alpha)));
}

/**
 * Applies `activation` to `x`.
 * - leakyRelu: max(x, alpha x), alpha = `leakyAlpha` (default 0.2, as in DCGAN, Radford et al.
 *   2016), twice differentiable (see leakyRelu).
 * - silu: x * sigmoid(x) (Elfwing et al. 2018; "swish", Ramachandran et al. 2017).
 * - gelu: exact x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)) (Hendrycks & Gimpel 2016).
 */
export function activate(x: Tensor, activation: Activation, leakyAlpha = 0.2): Tensor {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'leakyRelu':
      return leakyRelu(x, leakyAlpha);
    case 'elu':
      return tf.elu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'silu':
      return tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
    case 'gelu':
      return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
    case 'softplus':
      return tf.softplus(x);
    default:
      throw new Error(`unknown activation "${String(activation)}"; use one of ${ACTIVATIONS.join(', ')}`);
  }
}
