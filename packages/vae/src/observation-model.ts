/**
 * The decoder's observation model p(x|z): what the reconstruction term actually measures.
 * Each returns log p(x|z) in nats per example, summed over every data dimension.
 */
import { bernoulliNegLogLikelihood } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';

/** -log p(x_i|z) of each dimension for Bernoulli logits, with its gradient written out (from core-nn). */
export { bernoulliNegLogLikelihoodPerDim } from '@genmodels/core-nn';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * The observation models a decoder can use:
 * - 'bernoulli': binary pixels, decoder outputs logits (a discrete likelihood).
 * - 'gaussian': real values, decoder outputs means; variance learned per dimension or fixed
 *   (a density: not comparable with discrete likelihoods).
 * - 'discretized-logistic': 8-bit pixels x = k / 255, decoder outputs a mean and a log-scale per
 *   value (Salimans et al. 2017, PixelCNN++; Kingma et al. 2016, IAF): a discrete likelihood over
 *   256 levels, comparable with bits/dim of 8-bit data.
 */
export type ObservationModel = 'bernoulli' | 'gaussian' | 'discretized-logistic';

export const OBSERVATION_MODELS = ['bernoulli', 'gaussian', 'discretized-logistic'] as const satisfies readonly ObservationModel[];

/**
 * Bernoulli log-likelihood from logits l for x in {0, 1} (values in [0, 1] are allowed and give
 * the cross-entropy): x*l - softplus(l) per example, summed over dimensions (core-nn's
 * bernoulliNegLogLikelihood: one fused kernel each way on wasm-native).
 */
export function bernoulliLogLikelihood(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.neg(bernoulliNegLogLikelihood(logits, x))) as tf.Tensor1D;
}

/**
 * Gaussian log-likelihood log N(x; mean, exp(logVar)) summed over dimensions; `logVar` broadcasts
 * (a learned per-dimension vector or a fixed scalar).
 */
export function gaussianLogLikelihood(mean: tf.Tensor2D, logVar: tf.Tensor, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.neg(tf.sum(gaussianNegLogLikelihoodPerDim(mean, logVar, x), -1))) as tf.Tensor1D;
}

/** -log N(x_i; mean_i, exp(logVar_i)) of each dimension. */
export function gaussianNegLogLikelihoodPerDim(mean: tf.Tensor, logVar: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const squared = tf.div(tf.square(tf.sub(x, mean)), tf.exp(logVar));
    return tf.mul(tf.add(tf.add(squared, tf.broadcastTo(logVar, mean.shape)), LOG_2PI), 0.5);
  });
}

/** Smallest log-scale of the discretized logistic (as in PixelCNN++), so bins never collapse. */
const MIN_LOG_SCALE = -7;

/**
 * -log P(x_i|z) of each value under the discretized logistic (Salimans et al. 2017, eq. 2):
 * x in [0, 1] on the 8-bit grid k / 255 is mapped to [-1, 1], and
 *   P(x) = sigmoid((x + 1/255 - mu) / s) - sigmoid((x - 1/255 - mu) / s),
 * with the edge bins x = -1 and x = 1 taking all the mass below and above. `mean` is mu in
 * [-1, 1] space, `logScale` is log s. Computed in the numerically stable PixelCNN++ form.
 */
export function discretizedLogisticNegLogLikelihoodPerDim(mean: tf.Tensor, logScale: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const xs = tf.sub(tf.mul(x, 2), 1);
    const logS = tf.maximum(logScale, MIN_LOG_SCALE);
    const invS = tf.exp(tf.neg(logS));
    const centered = tf.sub(xs, mean);
    const plusIn = tf.mul(invS, tf.add(centered, 1 / 255));
    const minIn = tf.mul(invS, tf.sub(centered, 1 / 255));
    const logCdfPlus = tf.sub(plusIn, tf.softplus(plusIn)); // log sigmoid(plusIn), for the bin at -1
    const logOneMinusCdfMin = tf.neg(tf.softplus(minIn)); // log(1 - sigmoid(minIn)), for the bin at 1
    const cdfDelta = tf.sub(tf.sigmoid(plusIn), tf.sigmoid(minIn));
    const midIn = tf.mul(invS, centered);
    // log density at the bin centre times the bin width 2/255, used when the cdf difference underflows.
    const logPdfMid = tf.sub(tf.sub(midIn, logS), tf.mul(tf.softplus(midIn), 2));
    // Masks blend the cases arithmetically (every branch is finite): tf.where would send the
    // gradient into its comparison op, which has no gradient in TF.js. step() has a zero gradient.
    const interior = tf.step(tf.sub(cdfDelta, 1e-5));
    const inner = tf.add(
      tf.mul(interior, tf.log(tf.maximum(cdfDelta, 1e-12))),
      tf.mul(tf.sub(1, interior), tf.sub(logPdfMid, Math.log(127.5))),
    );
    const low = tf.step(tf.sub(-0.999, xs));
    const high = tf.step(tf.sub(xs, 0.999));
    const middle = tf.sub(tf.sub(1, low), high);
    const logProb = tf.add(tf.add(tf.mul(low, logCdfPlus), tf.mul(high, logOneMinusCdfMin)), tf.mul(middle, inner));
    return tf.neg(logProb);
  });
}

/** Discretized logistic log-likelihood summed over dimensions (see the per-dimension version). */
export function discretizedLogisticLogLikelihood(mean: tf.Tensor2D, logScale: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.neg(tf.sum(discretizedLogisticNegLogLikelihoodPerDim(mean, logScale, x), -1))) as tf.Tensor1D;
}
