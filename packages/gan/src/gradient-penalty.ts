import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';

export interface GradientPenaltyResult {
  /** mean over the batch of (||grad_x D(x_hat)||_2 - 1)^2, unweighted. */
  penalty: Scalar;
  /** The per-example gradient norms ||grad_x D(x_hat)||_2, [batch]. */
  norms: Tensor;
}

/**
 * The WGAN-GP gradient penalty (Gulrajani et al. 2017, "Improved Training of Wasserstein GANs",
 * Algorithm 1): x_hat = eps x + (1 - eps) x_fake with eps ~ U[0, 1] per example, penalty
 * E[(||grad_x_hat D(x_hat)||_2 - 1)^2]. `critic` maps a batch to one output per example.
 *
 * Called inside tf.variableGrads this differentiates a gradient: TF.js records the inner
 * backward pass on the outer tape, so every op of the critic's backward pass needs a gradient
 * itself (see leakyRelu for the one that did not). `epsilon` [batch] may be given for tests;
 * otherwise it is drawn with `seed`.
 */
export function gradientPenalty(
  critic: (x: Tensor) => Tensor,
  real: Tensor,
  fake: Tensor,
  options: { seed?: number; epsilon?: Tensor } = {},
): GradientPenaltyResult {
  if (real.shape.join() !== fake.shape.join()) {
    throw new Error(`gradientPenalty: real [${real.shape.join(', ')}] and fake [${fake.shape.join(', ')}] must have the same shape`);
  }
  return tf.tidy(() => {
    const batch = real.shape[0];
    const broadcast = [batch, ...real.shape.slice(1).map(() => 1)];
    const eps = options.epsilon ?? tf.randomUniform([batch], 0, 1, 'float32', options.seed);
    const e = tf.reshape(eps, broadcast);
    const xHat = tf.add(tf.mul(e, real), tf.mul(tf.sub(1, e), fake));
    // Examples are independent, so d(sum_i D(x_i))/dx_i = dD(x_i)/dx_i.
    const grad = tf.grad((x: Tensor) => tf.sum(critic(x)))(xHat);
    const axes = grad.shape.slice(1).map((_, i) => i + 1);
    // A tiny offset keeps sqrt differentiable where the gradient vanishes.
    const norms = tf.sqrt(tf.add(tf.sum(tf.square(grad), axes), 1e-12));
    const penalty = tf.mean(tf.square(tf.sub(norms, 1))) as Scalar;
    return { penalty, norms };
  });
}
