import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

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
