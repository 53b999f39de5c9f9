/**
 * Restoration of partly known images with an autoencoder: start the unknown pixels at `fill`,
 * then repeat x_unknown <- reconstruct(x)_unknown while the known pixels stay fixed. This is the
 * mean-field form of the iterative imputation of Rezende et al. 2014 ("Stochastic
 * Backpropagation and Approximate Inference in Deep Generative Models", sec. 5.3): each pass
 * moves the unknown pixels to the model's reconstruction given the current guess.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface IterativeInpaintOptions {
  /** Reconstruction passes (default 20). */
  numIterations?: number;
  /** Initial value of the unknown pixels (default 0). */
  fill?: number;
}

/** `mask` is 1 where a value is known; it broadcasts against x. Returns a tensor shaped like x. */
export function iterativeInpaint(
  x: tf.Tensor,
  mask: tf.Tensor,
  reconstruct: (current: tf.Tensor) => tf.Tensor,
  options: IterativeInpaintOptions = {},
): tf.Tensor {
  const iterations = options.numIterations ?? 20;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new Error(`inpaint: numIterations must be a positive integer, got ${iterations}`);
  }
  return tf.tidy(() => {
    const known = tf.broadcastTo(tf.cast(mask, 'float32'), x.shape);
    const unknown = tf.sub(1, known);
    const keep = tf.mul(x, known);
    let current = tf.add(keep, tf.mul(unknown, options.fill ?? 0));
    for (let i = 0; i < iterations; i++) {
      const next = tf.tidy(() => tf.add(keep, tf.mul(unknown, tf.reshape(reconstruct(current), x.shape))));
      current.dispose();
      current = next;
    }
    return current;
  });
}
