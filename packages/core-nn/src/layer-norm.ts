import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Parameters } from './parameters.js';

export interface LayerNormOptions {
  /** Size of the last axis: gamma and beta have one entry per channel. */
  channels: number;
  /** Default 1e-5. */
  epsilon?: number;
}

/**
 * Layer normalization (Ba et al. 2016) over every axis but the batch axis, with a per-channel
 * gain `<name>/gamma` and bias `<name>/beta`. WGAN-GP critics use it instead of batch norm,
 * because the gradient penalty is defined per example and batch norm couples the examples
 * (Gulrajani et al. 2017, section 4).
 */
export class LayerNorm {
  readonly gamma: Variable;
  readonly beta: Variable;
  readonly channels: number;
  readonly epsilon: number;

  constructor(params: Parameters, name: string, options: LayerNormOptions) {
    if (!(Number.isInteger(options.channels) && options.channels > 0)) {
      throw new Error(`LayerNorm "${name}": channels must be a positive integer, got ${options.channels}`);
    }
    this.channels = options.channels;
    this.epsilon = options.epsilon ?? 1e-5;
    this.gamma = params.create(`${name}/gamma`, [this.channels], 'ones');
    this.beta = params.create(`${name}/beta`, [this.channels], 'zeros');
  }

  apply<T extends Tensor>(x: T): T {
    if (x.rank < 2 || x.shape[x.rank - 1] !== this.channels) {
      throw new Error(`LayerNorm: expected input with ${this.channels} channels on the last axis, got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const axes = Array.from({ length: x.rank - 1 }, (_, i) => i + 1);
      const { mean, variance } = tf.moments(x, axes, true);
      const normalized = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalized, this.gamma), this.beta) as T;
    });
  }
}
