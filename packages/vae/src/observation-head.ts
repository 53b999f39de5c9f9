/**
 * The decoder's output layer seen as a distribution p(x|z): how many values it emits per data
 * dimension, the log-likelihood it is trained on, its mean (what sample grids show) and draws.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';
import type { ObservationModel } from './observation-model.js';
import {
  bernoulliLogLikelihood,
  bernoulliNegLogLikelihoodPerDim,
  discretizedLogisticNegLogLikelihoodPerDim,
  gaussianNegLogLikelihoodPerDim,
} from './observation-model.js';

/** What the reconstruction term measures, for reports. */
export interface LikelihoodDescription {
  readonly observationModel: ObservationModel;
  /** True for a probability of discrete data (nats comparable across models on the same data). */
  readonly discrete: boolean;
  /** One sentence naming the likelihood and the data it applies to. */
  readonly description: string;
}

export function describeObservationModel(model: ObservationModel, decoderVariance: 'learned' | number): LikelihoodDescription {
  switch (model) {
    case 'bernoulli':
      return {
        observationModel: model,
        discrete: true,
        description: 'Bernoulli log p(x|z) of binary pixels (a probability of discrete data, in nats)',
      };
    case 'gaussian':
      return {
        observationModel: model,
        discrete: false,
        description:
          `Gaussian log-density of continuous values with ${decoderVariance === 'learned' ? 'a learned per-dimension variance' : `fixed variance ${decoderVariance}`} ` +
          '(a density, in nats: not comparable with likelihoods of discrete data)',
      };
    case 'discretized-logistic':
      return {
        observationModel: model,
        discrete: true,
        description: 'discretized logistic log P(x|z) of 8-bit values, 256 bins each (Salimans et al. 2017; a probability of discrete data, in nats)',
      };
    default:
      throw new Error(`unknown observation model ${JSON.stringify(model)}`);
  }
}

export class ObservationHead {
  /** Values the decoder emits per data dimension: 1 (logits or means) or 2 (mean and log-scale). */
  readonly outputsPerDim: 1 | 2;
  readonly description: LikelihoodDescription;
  private readonly logVar: tf.Variable | null;

  /** `params` is the decoder's scope: a learned Gaussian variance is `<scope>/logVar` ([dataDim]). */
  constructor(
    params: Parameters,
    readonly model: ObservationModel,
    readonly decoderVariance: 'learned' | number,
    readonly dataDim: number,
  ) {
    this.outputsPerDim = model === 'discretized-logistic' ? 2 : 1;
    this.description = describeObservationModel(model, decoderVariance);
    this.logVar = model === 'gaussian' && decoderVariance === 'learned' ? params.create('logVar', [dataDim], 'zeros') : null;
  }

  private gaussianLogVar(): tf.Tensor {
    return this.logVar ?? tf.scalar(Math.log(this.decoderVariance as number));
  }

  /** -log p(x_i|z) per dimension, [batch, dataDim], for decoder outputs (each [batch, dataDim]). */
  negLogLikelihoodPerDim(outputs: readonly tf.Tensor2D[], x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      switch (this.model) {
        case 'bernoulli':
          return bernoulliNegLogLikelihoodPerDim(outputs[0], x);
        case 'gaussian':
          return gaussianNegLogLikelihoodPerDim(outputs[0], this.gaussianLogVar(), x);
        default:
          return discretizedLogisticNegLogLikelihoodPerDim(outputs[0], outputs[1], x);
      }
    }) as tf.Tensor2D;
  }

  /** log p(x|z) per example, [batch]. */
  logLikelihood(outputs: readonly tf.Tensor2D[], x: tf.Tensor2D): tf.Tensor1D {
    if (this.model === 'bernoulli') return bernoulliLogLikelihood(outputs[0], x);
    return tf.tidy(() => tf.neg(tf.sum(this.negLogLikelihoodPerDim(outputs, x), -1))) as tf.Tensor1D;
  }

  /** The mean of p(x|z) in data space, [batch, dataDim]: pixel probabilities, means, or 8-bit means in [0, 1]. */
  mean(outputs: readonly tf.Tensor2D[]): tf.Tensor2D {
    return tf.tidy(() => {
      if (this.model === 'bernoulli') return tf.sigmoid(outputs[0]);
      if (this.model === 'gaussian') return tf.clone(outputs[0]);
      return tf.clipByValue(tf.div(tf.add(outputs[0], 1), 2), 0, 1);
    }) as tf.Tensor2D;
  }

  /** A draw x ~ p(x|z), [batch, dataDim]. */
  sample(outputs: readonly tf.Tensor2D[], seed: number): tf.Tensor2D {
    return tf.tidy(() => {
      const out = outputs[0];
      if (this.model === 'bernoulli') {
        return tf.cast(tf.less(tf.randomUniform(out.shape, 0, 1, 'float32', seed), tf.sigmoid(out)), 'float32');
      }
      if (this.model === 'gaussian') {
        const std = tf.exp(tf.mul(this.gaussianLogVar(), 0.5));
        return tf.add(out, tf.mul(std, tf.randomNormal(out.shape, 0, 1, 'float32', seed)));
      }
      // Logistic draw by inversion, mu + s * logit(u), then snapped to the 8-bit grid.
      const u = tf.randomUniform(out.shape, 1e-5, 1 - 1e-5, 'float32', seed);
      const logistic = tf.sub(tf.log(u), tf.log1p(tf.neg(u)));
      const value = tf.add(out, tf.mul(tf.exp(tf.maximum(outputs[1], -7)), logistic));
      const unit = tf.clipByValue(tf.div(tf.add(value, 1), 2), 0, 1);
      return tf.div(tf.round(tf.mul(unit, 255)), 255);
    }) as tf.Tensor2D;
  }
}
