import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { leakyRelu } from './activations.js';
import { fusedBatchNorm, hasFusedBatchNorm, type BatchNormActivation } from './fused-batch-norm.js';
import type { Parameters } from './parameters.js';

export interface BatchNormOptions {
  /** Size of the last (feature / channel) axis. */
  channels: number;
  /**
   * Keep moving mean / variance (non-trainable weights `<name>/moving_mean`,
   * `<name>/moving_variance`, saved with the model) for inference-mode passes. Default true.
   */
  trackMovingStatistics?: boolean;
  /** moving <- momentum * moving + (1 - momentum) * batch (Keras convention; default 0.9, PyTorch's 0.1). */
  momentum?: number;
  /** Default 1e-5 (PyTorch). */
  epsilon?: number;
}

/** The activation applied after the layer's affine step (fused into one kernel where the backend has it). */
export interface BatchNormActivationOptions {
  activation: BatchNormActivation;
  /** The leaky ReLU's slope below 0 (default 0.2, as in DCGAN). */
  leakyAlpha?: number;
}

/** Batch statistics one BatchNorm layer saw in a training forward pass. */
export interface BatchStatistics {
  layer: BatchNorm;
  mean: Tensor;
  variance: Tensor;
}

/**
 * Batch normalization over every axis but the last (Ioffe & Szegedy 2015), for [batch, units] and
 * NHWC [batch, h, w, channels] input, with scale `<name>/gamma` and shift `<name>/beta`.
 *
 * The moving statistics are never updated inside `apply`: a training pass reports its batch
 * statistics in `collect`, and the caller folds them in with `foldBatchStatistics` after the
 * optimizer step, so the gradient tape never records an assign and evaluateStep / sample
 * change nothing. `then` adds the ReLU or leaky ReLU that follows (DCGAN, Radford et al. 2016):
 * a backend with the fused kernel (fused-batch-norm.ts) runs a 'batch' pass and its gradient as
 * one kernel each way.
 */
export class BatchNorm {
  readonly gamma: Variable;
  readonly beta: Variable;
  readonly movingMean?: Variable;
  readonly movingVariance?: Variable;
  readonly channels: number;
  readonly momentum: number;
  readonly epsilon: number;

  constructor(params: Parameters, name: string, options: BatchNormOptions) {
    if (!(Number.isInteger(options.channels) && options.channels > 0)) {
      throw new Error(`BatchNorm "${name}": channels must be a positive integer, got ${options.channels}`);
    }
    this.channels = options.channels;
    this.momentum = options.momentum ?? 0.9;
    this.epsilon = options.epsilon ?? 1e-5;
    if (!(this.momentum >= 0 && this.momentum < 1)) throw new Error(`BatchNorm "${name}": momentum must be in [0, 1), got ${this.momentum}`);
    this.gamma = params.create(`${name}/gamma`, [this.channels], 'ones');
    this.beta = params.create(`${name}/beta`, [this.channels], 'zeros');
    if (options.trackMovingStatistics ?? true) {
      this.movingMean = params.create(`${name}/moving_mean`, [this.channels], 'zeros', { trainable: false });
      this.movingVariance = params.create(`${name}/moving_variance`, [this.channels], 'ones', { trainable: false });
    }
  }

  /**
   * Normalizes with the batch's statistics ('batch', training) or the moving ones ('moving',
   * inference), then applies `then.activation` (default linear). `collect` receives the batch
   * statistics of a 'batch' pass (kept: the caller disposes them, usually through
   * foldBatchStatistics).
   */
  apply<T extends Tensor>(x: T, statistics: 'batch' | 'moving', collect?: BatchStatistics[], then?: BatchNormActivationOptions): T {
    if (x.rank < 2 || x.shape[x.rank - 1] !== this.channels) {
      throw new Error(`BatchNorm: expected input with ${this.channels} channels on the last axis, got [${x.shape.join(', ')}]`);
    }
    const activation = then?.activation ?? 'linear';
    const leakyAlpha = then?.leakyAlpha ?? 0.2;
    if (activation !== 'linear' && activation !== 'relu' && activation !== 'leakyRelu') {
      throw new Error(`BatchNorm: activation must be 'linear', 'relu' or 'leakyRelu', got "${String(activation)}"`);
    }
    if (activation === 'leakyRelu' && !(leakyAlpha >= 0 && leakyAlpha < 1)) throw new Error(`BatchNorm: leakyAlpha must be in [0, 1), got ${leakyAlpha}`);
    return tf.tidy(() => {
      if (statistics === 'batch' && x.dtype === 'float32' && x.size > 0 && hasFusedBatchNorm()) {
        const { y, mean, variance } = fusedBatchNorm(x, this.gamma, this.beta, { epsilon: this.epsilon, activation, leakyAlpha });
        if (collect) collect.push({ layer: this, mean: tf.keep(mean), variance: tf.keep(variance) });
        return y as T;
      }
      let mean: Tensor;
      let variance: Tensor;
      if (statistics === 'moving') {
        if (!this.movingMean || !this.movingVariance) throw new Error('BatchNorm: this layer keeps no moving statistics');
        mean = this.movingMean;
        variance = this.movingVariance;
      } else {
        const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
        ({ mean, variance } = tf.moments(x, axes));
        if (collect) collect.push({ layer: this, mean: tf.keep(tf.clone(mean)), variance: tf.keep(tf.clone(variance)) });
      }
      const normalized = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.epsilon)));
      const u = tf.add(tf.mul(normalized, this.gamma), this.beta);
      if (activation === 'relu') return tf.relu(u) as T;
      if (activation === 'leakyRelu') return leakyRelu(u, leakyAlpha) as T;
      return u as T;
    });
  }

  /** moving <- momentum * moving + (1 - momentum) * batch (no-op for a layer without moving statistics). */
  updateMovingStatistics(mean: Tensor, variance: Tensor): void {
    if (!this.movingMean || !this.movingVariance) return;
    const m = this.momentum;
    tf.tidy(() => {
      this.movingMean!.assign(tf.add(tf.mul(this.movingMean!, m), tf.mul(mean, 1 - m)));
      this.movingVariance!.assign(tf.add(tf.mul(this.movingVariance!, m), tf.mul(variance, 1 - m)));
    });
  }
}

/** Folds every collected batch statistic into its layer's moving statistics and disposes them. */
export function foldBatchStatistics(collected: readonly BatchStatistics[]): void {
  for (const { layer, mean, variance } of collected) {
    layer.updateMovingStatistics(mean, variance);
    tf.dispose([mean, variance]);
  }
}
