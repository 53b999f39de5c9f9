import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { deriveSeed } from '@genmodels/core-nn';
import type { DimensionLikelihood } from './dimension-likelihood.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * A mixture of K Gaussians for a real-valued dimension, RNADE's conditional (Uria, Murray &
 * Larochelle 2013, "RNADE", equation 3): p(x) = sum_k pi_k N(x; mu_k, sigma_k^2). Parameters
 * grouped [logit_1..K, mu_1..K, logSigma_1..K]. Temperature T scales the mixture logits by 1/T
 * and every sigma by T.
 */
export class GaussianMixtureLikelihood implements DimensionLikelihood {
  readonly name = 'gaussian-mixture' as const;
  readonly paramsPerDim: number;

  constructor(readonly numComponents = 5) {
    this.paramsPerDim = 3 * numComponents;
  }

  networkInput(x: Tensor): Tensor {
    return x;
  }

  logProb(params: Tensor, x: Tensor): Tensor {
    return tf.tidy(() => {
      const k = this.numComponents;
      const [logits, means, rawLogSigma] = tf.split(params, [k, k, k], -1);
      const logSigma = tf.clipByValue(rawLogSigma, -7, 7);
      const z = tf.mul(tf.sub(tf.expandDims(x, -1), means), tf.exp(tf.neg(logSigma)));
      const logN = tf.sub(tf.sub(tf.mul(-0.5, tf.square(z)), logSigma), HALF_LOG_2PI);
      return tf.logSumExp(tf.add(logN, tf.logSoftmax(logits)), -1);
    });
  }

  sample(params: Tensor2D, seed: number, temperature: number): Tensor1D {
    return tf.tidy(() => {
      const k = this.numComponents;
      const n = params.shape[0];
      const [logits, means, logSigma] = tf.split(params, [k, k, k], -1);
      const component = tf.reshape(tf.multinomial(tf.div(logits, temperature) as Tensor2D, 1, deriveSeed(seed, 1)), [n]);
      const pick = tf.oneHot(component, k);
      const mu = tf.sum(tf.mul(means, pick), -1);
      const sigma = tf.mul(tf.exp(tf.sum(tf.mul(tf.clipByValue(logSigma, -7, 7), pick), -1)), temperature);
      return tf.add(mu, tf.mul(sigma, tf.randomNormal([n], 0, 1, 'float32', deriveSeed(seed, 2)))) as Tensor1D;
    });
  }
}
