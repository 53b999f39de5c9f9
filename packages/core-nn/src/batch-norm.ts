import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Parameters } from './parameters.js';

export interface BatchNormOptions {
  /** Size of the last (feature / channel) axis. */
  channels: number;
  /** Moving-average momentum (default 0.99, as in Keras). */
  momentum?: number;
  /** Default 1e-3 (Keras). */
  epsilon?: number;
}

/**
 * Batch normalization (Ioffe & Szegedy 2015) over every axis but the last, for [batch, features]
 * or NHWC input. In training mode it normalises by the batch statistics and updates the moving
 * mean and variance (non-trainable weights `<name>/moving_mean`, `<name>/moving_variance`,
 * saved with the model): moving = momentum * moving + (1 - momentum) * batch. In inference mode
 * it uses the moving statistics. Scale `<name>/gamma`, shift `<name>/beta`.
 */
export class BatchNorm {
  readonly gamma: Variable;
  readonly beta: Variable;
  readonly movingMean: Variable;
  readonly movingVariance: Variable;
  readonly channels: number;
  readonly momentum: number;
  readonly epsilon: number;

  constructor(params: Parameters, name: string, options: BatchNormOptions) {
    if (!(Number.isInteger(options.channels) && options.channels > 0)) {
      throw new Error(`BatchNorm "${name}": channels must be a positive integer, got ${options.channels}`);
    }
    this.channels = options.channels;
    this.momentum = options.momentum ?? 0.99;
    this.epsilon = options.epsilon ?? 1e-3;
    if (!(this.momentum >= 0 && this.momentum < 1)) throw new Error(`BatchNorm "${name}": momentum must be in [0, 1), got ${this.momentum}`);
    this.gamma = params.create(`${name}/gamma`, [this.channels], 'ones');
    this.beta = params.create(`${name}/beta`, [this.channels], 'zeros');
    this.movingMean = params.create(`${name}/moving_mean`, [this.channels], 'zeros', { trainable: false });
    this.movingVariance = params.create(`${name}/moving_variance`, [this.channels], 'ones', { trainable: false });
  }

  /**
   * Normalises `x`. With `training` true the moving statistics are updated as a side effect
   * (call it in trainStep, not in evaluateStep or sample).
   */
  apply<T extends Tensor>(x: T, training: boolean): T {
    if (x.rank < 2 || x.shape[x.rank - 1] !== this.channels) {
      throw new Error(`BatchNorm: expected input with ${this.channels} channels on the last axis, got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      if (!training) {
        return tf.batchNorm(x, this.movingMean, this.movingVariance, this.beta, this.gamma, this.epsilon) as T;
      }
      const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
      const { mean, variance } = tf.moments(x, axes);
      // The statistics update does not feed the output, so it adds nothing to the gradient.
      const m = this.momentum;
      this.movingMean.assign(tf.add(tf.mul(this.movingMean, m), tf.mul(mean, 1 - m)));
      this.movingVariance.assign(tf.add(tf.mul(this.movingVariance, m), tf.mul(variance, 1 - m)));
      return tf.batchNorm(x, mean, variance, this.beta, this.gamma, this.epsilon) as T;
    });
  }
}
