import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';
import type { ParameterizedTransform, TransformOptions, TransformResult } from './transform.js';

/**
 * Batch normalization as a bijection (Dinh et al. 2017, sec 3.7; Papamakarios et al. 2017,
 * sec 3.3): y = (x - m) / sqrt(v + eps) * exp(logGamma) + beta per channel (last axis), with
 *   log|det J| = positions * sum(logGamma - 0.5 log(v + eps)).
 * In training mode (options.training) m, v are the batch statistics and the moving averages are
 * updated (moving <- momentum * moving + (1 - momentum) * batch); otherwise, and always in the
 * inverse, the moving averages are used, so forward and inverse are exact inverses in eval mode.
 * Variables: `logGamma`, `beta` (trainable), `movingMean`, `movingVariance` (saved state).
 */
export class BatchNormTransform implements ParameterizedTransform {
  readonly params: Parameters;
  readonly movingMean: Variable;
  readonly movingVariance: Variable;
  private readonly logGamma: Variable;
  private readonly beta: Variable;
  private readonly channels: number;

  constructor(
    params: Parameters,
    readonly options: { channels: number; momentum?: number; epsilon?: number },
  ) {
    if (!Number.isInteger(options.channels) || options.channels < 1) {
      throw new Error(`BatchNormTransform: channels must be a positive integer, got ${options.channels}`);
    }
    const momentum = options.momentum ?? 0.9;
    if (!(momentum >= 0 && momentum < 1)) throw new Error(`BatchNormTransform: momentum must be in [0, 1), got ${momentum}`);
    this.params = params;
    this.channels = options.channels;
    this.logGamma = params.create('logGamma', [options.channels], 'zeros');
    this.beta = params.create('beta', [options.channels], 'zeros');
    this.movingMean = params.create('movingMean', [options.channels], 'zeros', { trainable: false });
    this.movingVariance = params.create('movingVariance', [options.channels], 'ones', { trainable: false });
  }

  private get epsilon(): number {
    return this.options.epsilon ?? 1e-5;
  }

  private check(x: Tensor): number {
    if (x.rank < 2 || x.shape[x.rank - 1] !== this.channels) {
      throw new Error(`BatchNormTransform: expected inputs [batch, ..., ${this.channels}], got [${x.shape.join(', ')}]`);
    }
    return x.shape.slice(1, -1).reduce((a, b) => a * b, 1);
  }

  private logDet(variance: Tensor, positions: number, batch: number, sign: number): tf.Tensor1D {
    const perChannel = tf.sub(this.logGamma, tf.mul(tf.log(tf.add(variance, this.epsilon)), 0.5));
    return tf.add(tf.zeros([batch]), tf.mul(tf.sum(perChannel), sign * positions)) as tf.Tensor1D;
  }

  forward(x: Tensor, options: TransformOptions = {}): TransformResult {
    const positions = this.check(x);
    return tf.tidy(() => {
      let mean: Tensor = this.movingMean;
      let variance: Tensor = this.movingVariance;
      if (options.training) {
        const moments = tf.moments(tf.reshape(x, [-1, this.channels]), 0);
        mean = moments.mean;
        variance = moments.variance;
        const m = this.options.momentum ?? 0.9;
        this.movingMean.assign(tf.add(tf.mul(this.movingMean, m), tf.mul(mean, 1 - m)));
        this.movingVariance.assign(tf.add(tf.mul(this.movingVariance, m), tf.mul(variance, 1 - m)));
      }
      const normalized = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.epsilon)));
      const outputs = tf.add(tf.mul(normalized, tf.exp(this.logGamma)), this.beta);
      return { outputs, logAbsDet: this.logDet(variance, positions, x.shape[0], 1) };
    });
  }

  inverse(y: Tensor): TransformResult {
    const positions = this.check(y);
    return tf.tidy(() => {
      const normalized = tf.mul(tf.sub(y, this.beta), tf.exp(tf.neg(this.logGamma)));
      const outputs = tf.add(tf.mul(normalized, tf.sqrt(tf.add(this.movingVariance, this.epsilon))), this.movingMean);
      return { outputs, logAbsDet: this.logDet(this.movingVariance, positions, y.shape[0], -1) };
    });
  }
}
