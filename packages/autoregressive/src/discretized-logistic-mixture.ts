import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { deriveSeed } from '@genmodels/core-nn';
import type { DimensionLikelihood } from './dimension-likelihood.js';

/**
 * The discretized logistic mixture of PixelCNN++ (Salimans, Karpathy, Chen & Kingma 2017,
 * equation 2): an 8-bit value x in [0, 1] is mapped to y = 2x - 1 in [-1, 1] and
 *   P(y) = sum_k pi_k [sigmoid((y + 1/255 - mu_k) / s_k) - sigmoid((y - 1/255 - mu_k) / s_k)],
 * with the edge bins y = -1 and y = 1 taking the whole tails (log-scales floored at -7, as in the
 * paper's code). Parameters per pixel, grouped:
 * [logit_1..K, mu_1..K, logScale_1..K].
 */
export class DiscretizedLogisticMixtureLikelihood implements DimensionLikelihood {
  readonly name = 'logistic-mixture' as const;
  readonly paramsPerDim: number;

  constructor(readonly numComponents = 5) {
    this.paramsPerDim = 3 * numComponents;
  }

  networkInput(x: Tensor): Tensor {
    return tf.tidy(() => tf.sub(tf.mul(x, 2), 1));
  }

  logProb(params: Tensor, x: Tensor): Tensor {
    return tf.tidy(() => {
      const k = this.numComponents;
      const [logits, means, rawLogScales] = tf.split(params, [k, k, k], -1);
      const logScales = tf.maximum(rawLogScales, -7);
      const y = tf.expandDims(tf.sub(tf.mul(x, 2), 1), -1);
      const invScale = tf.exp(tf.neg(logScales));
      const centered = tf.sub(y, means);
      const plusIn = tf.mul(invScale, tf.add(centered, 1 / 255));
      const minIn = tf.mul(invScale, tf.sub(centered, 1 / 255));
      const logCdfPlus = tf.neg(tf.softplus(tf.neg(plusIn))); // log sigmoid(plusIn): the y = -1 bin
      const logOneMinusCdfMin = tf.neg(tf.softplus(minIn)); // log(1 - sigmoid(minIn)): the y = 1 bin
      // Interior bins without a data-dependent branch (comparisons have no gradient in tfjs-core):
      // sigmoid(a) - sigmoid(b) = sigmoid(a) sigmoid(-b) (1 - exp(-(a - b))), a - b = 2 / (255 s).
      const width = tf.mul(invScale, 2 / 255);
      const logGap = tf.log(tf.maximum(tf.sub(1, tf.exp(tf.neg(width))), 1e-12));
      const inner = tf.add(tf.add(logCdfPlus, tf.neg(tf.softplus(minIn))), logGap);
      // y comes from the data, so these masks are constants for autodiff
      const logBin = tf.where(tf.less(y, -0.999), logCdfPlus, tf.where(tf.greater(y, 0.999), logOneMinusCdfMin, inner));
      return tf.logSumExp(tf.add(logBin, tf.logSoftmax(logits)), -1);
    });
  }

  sample(params: Tensor2D, seed: number, temperature: number): Tensor1D {
    return tf.tidy(() => {
      const k = this.numComponents;
      const n = params.shape[0];
      const [logits, means, logScales] = tf.split(params, [k, k, k], -1);
      const component = tf.reshape(tf.multinomial(tf.div(logits, temperature) as Tensor2D, 1, deriveSeed(seed, 1)), [n]);
      const pick = tf.oneHot(component, k);
      const mu = tf.sum(tf.mul(means, pick), -1);
      const s = tf.mul(tf.exp(tf.sum(tf.mul(tf.maximum(logScales, -7), pick), -1)), temperature);
      const u = tf.randomUniform([n], 1e-5, 1 - 1e-5, 'float32', deriveSeed(seed, 2));
      const y = tf.clipByValue(tf.add(mu, tf.mul(s, tf.sub(tf.log(u), tf.log(tf.sub(1, u))))), -1, 1);
      return tf.div(tf.round(tf.mul(tf.add(y, 1), 127.5)), 255) as Tensor1D;
    });
  }
}
