import * as tf from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';

/** Batch statistics one BatchNorm layer saw in a training forward pass. */
export interface BatchStatistics {
  layer: BatchNorm;
  mean: Tensor;
  variance: Tensor;
}

/**
 * Batch normalization over every axis but the last (Ioffe & Szegedy 2015): works on
 * [batch, units] and NHWC [batch, h, w, channels]. With `trackMovingStatistics`, the layer keeps
 * moving mean/variance (non-trainable weights, saved with the model) for inference-mode passes;
 * the training pass reports its batch statistics in `collect` and the caller folds them in with
 * `updateMovingStatistics` after the optimizer step (so the gradient tape never sees an assign).
 */
export class BatchNorm {
  readonly gamma: Variable;
  readonly beta: Variable;
  readonly movingMean?: Variable;
  readonly movingVariance?: Variable;
  private readonly epsilon: number;

  constructor(params: Parameters, name: string, channels: number, options: { trackMovingStatistics: boolean; epsilon?: number }) {
    this.gamma = params.create(`${name}/gamma`, [channels], 'ones');
    this.beta = params.create(`${name}/beta`, [channels], 'zeros');
    if (options.trackMovingStatistics) {
      this.movingMean = params.create(`${name}/moving_mean`, [channels], 'zeros', { trainable: false });
      this.movingVariance = params.create(`${name}/moving_variance`, [channels], 'ones', { trainable: false });
    }
    this.epsilon = options.epsilon ?? 1e-5;
  }

  /**
   * Normalizes with the batch's statistics ('batch') or the moving ones ('moving'). `collect`
   * receives the batch statistics of a 'batch' pass (kept: the caller disposes them).
   */
  apply(x: Tensor, statistics: 'batch' | 'moving', collect?: BatchStatistics[]): Tensor {
    return tf.tidy(() => {
      const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
      let mean: Tensor;
      let variance: Tensor;
      if (statistics === 'moving') {
        if (!this.movingMean || !this.movingVariance) throw new Error('BatchNorm: this layer keeps no moving statistics');
        mean = this.movingMean;
        variance = this.movingVariance;
      } else {
        ({ mean, variance } = tf.moments(x, axes));
        if (collect) collect.push({ layer: this, mean: tf.keep(tf.clone(mean)), variance: tf.keep(tf.clone(variance)) });
      }
      const normalized = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalized, this.gamma), this.beta);
    });
  }

  /** moving <- momentum * moving + (1 - momentum) * batch (Keras convention). */
  updateMovingStatistics(mean: Tensor, variance: Tensor, momentum: number): void {
    if (!this.movingMean || !this.movingVariance) return;
    tf.tidy(() => {
      this.movingMean!.assign(tf.add(tf.mul(this.movingMean!, momentum), tf.mul(mean, 1 - momentum)));
      this.movingVariance!.assign(tf.add(tf.mul(this.movingVariance!, momentum), tf.mul(variance, 1 - momentum)));
    });
  }
}
