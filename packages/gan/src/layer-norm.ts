import * as tf from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';

/**
 * Layer normalization (Ba et al. 2016) over every axis but the batch axis, with a per-channel
 * gain and bias. WGAN-GP critics use it instead of batch norm, because the gradient penalty is
 * defined per example and batch norm couples the examples (Gulrajani et al. 2017, section 4).
 */
export class LayerNorm {
  readonly gamma: Variable;
  readonly beta: Variable;
  private readonly epsilon: number;

  constructor(params: Parameters, name: string, channels: number, epsilon = 1e-5) {
    this.gamma = params.create(`${name}/gamma`, [channels], 'ones');
    this.beta = params.create(`${name}/beta`, [channels], 'zeros');
    this.epsilon = epsilon;
  }

  apply(x: Tensor): Tensor {
    return tf.tidy(() => {
      const axes = Array.from({ length: x.rank - 1 }, (_, i) => i + 1);
      const { mean, variance } = tf.moments(x, axes, true);
      const normalized = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalized, this.gamma), this.beta);
    });
  }
}
