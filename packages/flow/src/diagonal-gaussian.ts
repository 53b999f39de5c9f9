import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';
import type { Distribution, DistributionSampleOptions } from './distribution.js';
import { checkEventShape, checkSampleCount, sizeOf, sumOverEvent } from './event-shape.js';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * N(mu, diag(sigma^2)) with learned mean and log standard deviation (zeros at initialization, so
 * it starts as N(0, I)). With `contextDim` > 0 the mean and log-std are affine in the context
 * (a one-hot label picks a per-class Gaussian: the class-conditional prior of Glow, Kingma &
 * Dhariwal 2018, sec 5.3). Variables: `mean`, `logStd` and, conditional, `contextMean`, `contextLogStd`.
 */
export class DiagonalGaussian implements Distribution {
  readonly eventShape: readonly number[];
  readonly params: Parameters;
  private readonly size: number;
  private readonly mean: Variable;
  private readonly logStd: Variable;
  private readonly contextMean: Variable | null;
  private readonly contextLogStd: Variable | null;

  constructor(params: Parameters, eventShape: readonly number[], options: { contextDim?: number } = {}) {
    checkEventShape('DiagonalGaussian', eventShape);
    this.eventShape = [...eventShape];
    this.params = params;
    this.size = sizeOf(eventShape);
    this.mean = params.create('mean', [this.size], 'zeros');
    this.logStd = params.create('logStd', [this.size], 'zeros');
    const contextDim = options.contextDim ?? 0;
    this.contextMean = contextDim > 0 ? params.create('contextMean', [contextDim, this.size], 'zeros') : null;
    this.contextLogStd = contextDim > 0 ? params.create('contextLogStd', [contextDim, this.size], 'zeros') : null;
  }

  /** Mean and log-std, [batch or 1, size]. */
  private moments(context?: Tensor2D): { mean: Tensor; logStd: Tensor } {
    let mean: Tensor = tf.reshape(this.mean, [1, this.size]);
    let logStd: Tensor = tf.reshape(this.logStd, [1, this.size]);
    if (this.contextMean && this.contextLogStd) {
      if (!context) throw new Error('DiagonalGaussian: this distribution is conditional; pass a context (one-hot labels)');
      mean = tf.add(mean, tf.matMul(context, this.contextMean));
      logStd = tf.add(logStd, tf.matMul(context, this.contextLogStd));
    }
    return { mean, logStd };
  }

  logProb(z: Tensor, context?: Tensor2D): Tensor1D {
    return tf.tidy(() => {
      const flat = tf.reshape(z, [z.shape[0], this.size]);
      const { mean, logStd } = this.moments(context);
      const standardized = tf.mul(tf.sub(flat, mean), tf.exp(tf.neg(logStd)));
      const perDim = tf.sub(tf.mul(tf.add(tf.square(standardized), LOG_2PI), -0.5), logStd);
      return sumOverEvent(perDim);
    });
  }

  sample(n: number, options: DistributionSampleOptions): Tensor {
    checkSampleCount('DiagonalGaussian', n);
    return tf.tidy(() => {
      const { mean, logStd } = this.moments(options.context);
      const eps = tf.randomNormal([n, this.size], 0, options.temperature ?? 1, 'float32', options.seed);
      return tf.reshape(tf.add(mean, tf.mul(tf.exp(logStd), eps)), [n, ...this.eventShape]);
    });
  }
}
