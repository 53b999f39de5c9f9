/**
 * The decoder's observation model p(x|z): what the VAE's reconstruction term actually measures.
 * Each returns log p(x|z) in nats per example, summed over every data dimension.
 */
import * as tf from '@tensorflow/tfjs-core';

const LOG_2PI = Math.log(2 * Math.PI);

/** The observation models a VAE decoder can use. */
export type ObservationModel = 'bernoulli' | 'gaussian';

/**
 * Bernoulli log-likelihood from logits l for x in {0, 1} (values in [0, 1] are allowed and give
 * the cross-entropy): x*l - softplus(l), written in the overflow-free form
 * -(max(l, 0) - l*x + log(1 + exp(-|l|))).
 */
export function bernoulliLogLikelihood(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const perDim = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, x)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.neg(tf.sum(perDim, -1));
  }) as tf.Tensor1D;
}

/**
 * Gaussian log-likelihood log N(x; mean, exp(logVar)) summed over dimensions; `logVar` broadcasts
 * (a learned per-dimension vector or a fixed scalar).
 */
export function gaussianLogLikelihood(mean: tf.Tensor2D, logVar: tf.Tensor, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const squared = tf.div(tf.square(tf.sub(x, mean)), tf.exp(logVar));
    const perDim = tf.add(tf.add(squared, tf.broadcastTo(logVar, mean.shape)), LOG_2PI);
    return tf.mul(tf.sum(perDim, -1), -0.5);
  }) as tf.Tensor1D;
}
