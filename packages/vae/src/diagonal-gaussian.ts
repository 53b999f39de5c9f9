/**
 * The diagonal Gaussian posterior q(z|x) = N(mu, diag(exp(logVar))) of a VAE and the standard
 * normal prior p(z) = N(0, I) (Kingma & Welling 2014, "Auto-Encoding Variational Bayes").
 */
import * as tf from '@tensorflow/tfjs-core';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * z = mu + exp(logVar / 2) * eps: the reparameterization trick (Kingma & Welling 2014, sec. 2.4).
 * When mu, logVar and eps have one shape the gradient is written out, dz/dmu = 1 and
 * dz/dlogVar = exp(logVar / 2) * eps / 2 (2 kernels backward where autodiff takes about 8); eps is
 * a constant of the step.
 */
export function reparameterize(mu: tf.Tensor, logVar: tf.Tensor, eps: tf.Tensor): tf.Tensor {
  if (!sameFloatShapes(mu, logVar, eps)) return tf.tidy(() => tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)));
  const withGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [m, lv, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    // eps is saved too: a step frees its forward's tensors before the backward pass runs.
    save([lv, eps]);
    return {
      value: tf.add(m, tf.mul(tf.exp(tf.mul(lv, 0.5)), eps)),
      // From the saved input, not the forward's intermediates (those are not on any tape), so that
      // this gradient has a gradient too.
      gradFunc: (dz: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedLogVar, savedEps] = saved as [tf.Tensor, tf.Tensor];
        return [tf.clone(dz), tf.mul(dz, tf.mul(tf.exp(tf.mul(savedLogVar, 0.5)), tf.mul(savedEps, 0.5)))];
      },
    };
  });
  return withGradient(mu, logVar);
}

/**
 * KL(N(mu, exp(logVar)) || N(0, I)) per example, summed over the last axis:
 * 0.5 * sum(exp(logVar) + mu^2 - 1 - logVar) (Kingma & Welling 2014, appendix B). Its gradient is
 * written out, dKL/dmu = mu and dKL/dlogVar = (exp(logVar) - 1) / 2, in ops that have gradients of
 * their own.
 */
export function klToStandardNormal(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  if (!sameFloatShapes(mu, logVar)) {
    return tf.tidy(() => tf.mul(tf.sum(tf.sub(tf.add(tf.exp(logVar), tf.square(mu)), tf.add(logVar, 1)), -1), 0.5)) as tf.Tensor1D;
  }
  return klWithGradient(mu, logVar) as tf.Tensor1D;
}

const klWithGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [mu, logVar, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([mu, logVar]);
  return {
    value: tf.mul(tf.sum(tf.sub(tf.add(tf.exp(logVar), tf.square(mu)), tf.add(logVar, 1)), -1), 0.5),
    // From the saved inputs (not the forward's intermediates, which are on no tape), so that this
    // gradient has a gradient too.
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [m, lv] = saved as [tf.Tensor, tf.Tensor];
      const perRow = tf.reshape(dy, [...dy.shape, 1]);
      return [tf.mul(perRow, m), tf.mul(perRow, tf.mul(tf.sub(tf.exp(lv), 1), 0.5))];
    },
  };
});

function sameFloatShapes(...tensors: tf.Tensor[]): boolean {
  return tensors.every((t) => t.dtype === 'float32' && tf.util.arraysEqual(t.shape, tensors[0]!.shape));
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
