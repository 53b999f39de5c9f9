import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { DimensionLikelihood } from './dimension-likelihood.js';

/**
 * Bernoulli with a logit l for binary pixels: log p(x) = x l - softplus(l) (the stable form of
 * x log sigmoid(l) + (1 - x) log sigmoid(-l)). Temperature T samples from sigmoid(l / T).
 */
export class BernoulliLikelihood implements DimensionLikelihood {
  readonly name = 'bernoulli' as const;
  readonly paramsPerDim = 1;

  networkInput(x: Tensor): Tensor {
    return x;
  }

  logProb(params: Tensor, x: Tensor): Tensor {
    return tf.tidy(() => {
      const logits = tf.squeeze(params, [params.rank - 1]);
      return tf.sub(tf.mul(x, logits), tf.softplus(logits));
    });
  }

  sample(params: Tensor2D, seed: number, temperature: number): Tensor1D {
    return tf.tidy(() => {
      const p = tf.sigmoid(tf.div(tf.reshape(params, [-1]), temperature));
      return tf.cast(tf.less(tf.randomUniform(p.shape, 0, 1, 'float32', seed), p), 'float32') as Tensor1D;
    });
  }
}
