/**
 * The diagonal Gaussian posterior q(z|x) = N(mu, diag(exp(logVar))) of a VAE and the standard
 * normal prior p(z) = N(0, I) (Kingma & Welling 2014, "Auto-Encoding Variational Bayes").
 */
import * as tf from '@tensorflow/tfjs-core';

const LOG_2PI = Math.log(2 * Math.PI);

/** z = mu + exp(logVar / 2) * eps: the reparameterization trick (Kingma & Welling 2014, sec. 2.4). */
export function reparameterize(mu: tf.Tensor, logVar: tf.Tensor, eps: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)));
}

/**
 * KL(N(mu, exp(logVar)) || N(0, I)) per example, summed over the last axis:
 * 0.5 * sum(exp(logVar) + mu^2 - 1 - logVar) (Kingma & Welling 2014, appendix B).
 */
export function klToStandardNormal(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() =>
    tf.mul(tf.sum(tf.sub(tf.add(tf.exp(logVar), tf.square(mu)), tf.add(logVar, 1)), -1), 0.5),
  ) as tf.Tensor1D;
}

/** log N(z; mu, exp(logVar)) summed over the last axis. Shapes broadcast. */
export function diagonalGaussianLogDensity(z: tf.Tensor, mu: tf.Tensor, logVar: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const squared = tf.div(tf.square(tf.sub(z, mu)), tf.exp(logVar));
    return tf.mul(tf.sum(tf.add(tf.add(squared, logVar), LOG_2PI), -1), -0.5);
  });
}

/** log N(z; 0, I) summed over the last axis. */
export function standardNormalLogDensity(z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.sum(tf.add(tf.square(z), LOG_2PI), -1), -0.5));
}
