/**
 * The variational autoencoder with MLP encoder and decoder (Kingma & Welling 2014, "Auto-Encoding
 * Variational Bayes"), trained on the negative ELBO
 *   -ELBO(x) = -E_q(z|x)[log p(x|z)] + beta * KL(q(z|x) || p(z)),
 * with the KL in closed form and one reparameterized sample for the expectation. `elbo` with
 * K importance samples gives the IWAE bound (Burda et al. 2016), which is never a likelihood.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {
  BoundModel,
  GenerativeModel,
  LatentModel,
  SampleOptions,
  StepContext,
  StepMetrics,
} from '@genmodels/core-nn';
import {
  Dense,
  Parameters,
  createOptimizer,
  deriveSeed,
  getOptimizerState,
  minimize,
  setOptimizerState,
  stepSeeds,
} from '@genmodels/core-nn';
import {
  diagonalGaussianLogDensity,
  klToStandardNormal,
  reparameterize,
  standardNormalLogDensity,
} from './diagonal-gaussian.js';
import { bernoulliLogLikelihood, gaussianLogLikelihood } from './observation-model.js';
import type { VAEConfig, VAEConfigInput } from './vae-config.js';
import { VAEConfigError, resolveVAEConfig } from './vae-config.js';

/** The posterior q(z|x) for a batch: mean and log-variance, each [batch, latentDim]. */
export interface Posterior {
  mean: tf.Tensor2D;
  logVar: tf.Tensor2D;
}

/** Per-example terms of the ELBO, each [batch]. */
export interface ElboTerms {
  /** log p(x|z) at one reparameterized sample z ~ q(z|x). */
  reconstruction: tf.Tensor1D;
  /** KL(q(z|x) || p(z)), analytic. */
  kl: tf.Tensor1D;
}

/** Seed used by evaluateStep and elbo when the caller gives none: evaluation is reproducible. */
const DEFAULT_EVAL_SEED = 20160;
/** Importance samples decoded at once when estimating the IWAE bound, to bound memory. */
const IMPORTANCE_CHUNK = 500;

export class VAE implements GenerativeModel<tf.Tensor, VAEConfig>, BoundModel, LatentModel {
  readonly specificationVersion = 'v1' as const;
  readonly modelType = 'vae';
  readonly config: VAEConfig;
  readonly latentShape: readonly number[];
  /** Number of data dimensions (the product of inputShape). */
  readonly dataDim: number;

  private readonly params: Parameters;
  private readonly encoderLayers: Dense[];
  private readonly decoderLayers: Dense[];
  private readonly decoderLogVar: tf.Variable | null;
  private readonly optimizer: tf.Optimizer;
  private disposed = false;

  constructor(config: VAEConfigInput = {}) {
    this.config = resolveVAEConfig(config);
    const { inputShape, latentDim, encoderUnits, decoderUnits } = this.config;
    this.dataDim = inputShape.reduce((a, b) => a * b, 1);
    this.latentShape = [latentDim];
    this.params = new Parameters({ seed: this.config.seed });

    const encoderParams = this.params.scope('encoder');
    const encoderWidths = [this.dataDim, ...encoderUnits];
    this.encoderLayers = encoderUnits.map(
      (units, i) => new Dense(encoderParams, `dense${i}`, { inputDim: encoderWidths[i], units, activation: 'relu' }),
    );
    // One linear layer produces both halves of the posterior: [mu, logVar].
    this.encoderLayers.push(
      new Dense(encoderParams, 'posterior', { inputDim: encoderWidths[encoderWidths.length - 1], units: 2 * latentDim }),
    );

    const decoderParams = this.params.scope('decoder');
    const decoderWidths = [latentDim, ...decoderUnits];
    this.decoderLayers = decoderUnits.map(
      (units, i) => new Dense(decoderParams, `dense${i}`, { inputDim: decoderWidths[i], units, activation: 'relu' }),
    );
    this.decoderLayers.push(
      new Dense(decoderParams, 'output', { inputDim: decoderWidths[decoderWidths.length - 1], units: this.dataDim }),
    );
    this.decoderLogVar =
      this.config.observationModel === 'gaussian' && this.config.decoderVariance === 'learned'
        ? decoderParams.create('logVar', [this.dataDim], 'zeros')
        : null;

    const { learningRate, beta1, beta2, epsilon } = this.config.optimizer;
    this.optimizer = createOptimizer({ name: 'adam', learningRate, beta1, beta2, epsilon });
  }

  /** q(z|x): mean and log-variance of the Gaussian posterior, [batch, latentDim] each. */
  encodeDistribution(x: tf.Tensor): Posterior {
    return tf.tidy(() => {
      let h = this.flatten(x);
      for (const layer of this.encoderLayers) h = layer.apply(h);
      const [mean, logVar] = tf.split(h, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      return { mean, logVar };
    });
  }

  /** The posterior mean of z for each example: [batch, latentDim]. */
  encode(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      const { mean, logVar } = this.encodeDistribution(x);
      logVar.dispose();
      return mean;
    });
  }

  /**
   * The decoder's raw output, [batch, dataDim]: logits for Bernoulli, means for Gaussian.
   */
  decodeParameters(z: tf.Tensor): tf.Tensor2D {
    this.assertLatent(z);
    return tf.tidy(() => {
      let h = z as tf.Tensor2D;
      for (const layer of this.decoderLayers) h = layer.apply(h);
      return h;
    });
  }

  /** The mean of p(x|z) shaped [batch, ...inputShape]: pixel probabilities for Bernoulli. */
  decode(z: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const out = this.decodeParameters(z);
      const mean = this.config.observationModel === 'bernoulli' ? tf.sigmoid(out) : out;
      return tf.reshape(mean, [z.shape[0], ...this.config.inputShape]);
    });
  }

  /** decode(encode(x)): the reconstruction through the posterior mean. */
  reconstruct(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.decode(this.encode(x)));
  }

  /**
   * Draws z ~ N(0, I) and returns the decoder mean: [n, ...inputShape]. The mean (pixel
   * probabilities) is what sample grids show; `sampleObservations` draws x ~ p(x|z) itself.
   */
  sample(numSamples: number, options: SampleOptions = {}): tf.Tensor {
    this.assertCount(numSamples);
    const seed = options.seed ?? DEFAULT_EVAL_SEED;
    return tf.tidy(() => this.decode(tf.randomNormal([numSamples, this.config.latentDim], 0, 1, 'float32', seed)));
  }

  /** Draws z ~ p(z) and then x ~ p(x|z): binary images for Bernoulli, noisy values for Gaussian. */
  sampleObservations(numSamples: number, options: SampleOptions = {}): tf.Tensor {
    this.assertCount(numSamples);
    const [zSeed, xSeed] = stepSeeds(options.seed ?? DEFAULT_EVAL_SEED, 2);
    return tf.tidy(() => {
      const z = tf.randomNormal([numSamples, this.config.latentDim], 0, 1, 'float32', zSeed);
      const out = this.decodeParameters(z);
      let x: tf.Tensor;
      if (this.config.observationModel === 'bernoulli') {
        x = tf.cast(tf.less(tf.randomUniform(out.shape, 0, 1, 'float32', xSeed), tf.sigmoid(out)), 'float32');
      } else {
        const std = tf.exp(tf.mul(this.observationLogVar(), 0.5));
        x = tf.add(out, tf.mul(std, tf.randomNormal(out.shape, 0, 1, 'float32', xSeed)));
      }
      return tf.reshape(x, [numSamples, ...this.config.inputShape]);
    });
  }

  /** log p(x|z) per example for decoder output `out` = decodeParameters(z). */
  private observationLogLikelihood(out: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
    return this.config.observationModel === 'bernoulli'
      ? bernoulliLogLikelihood(out, x)
      : gaussianLogLikelihood(out, this.observationLogVar(), x);
  }

  private observationLogVar(): tf.Tensor {
    if (this.decoderLogVar) return this.decoderLogVar;
    return tf.scalar(Math.log(this.config.decoderVariance as number));
  }

  /** The reconstruction and KL terms per example, with z drawn using `seed`. */
  elboTerms(x: tf.Tensor, seed: number): ElboTerms {
    return tf.tidy(() => {
      const flat = this.flatten(x);
      const { mean, logVar } = this.encodeDistribution(flat);
      const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', seed);
      const z = reparameterize(mean, logVar, eps);
      const reconstruction = this.observationLogLikelihood(this.decodeParameters(z), flat);
      const kl = klToStandardNormal(mean, logVar);
      return { reconstruction, kl };
    });
  }

  /**
   * The evidence lower bound per example, in nats. With K = numImportanceSamples > 1 it is the
   * IWAE bound log (1/K) sum_k p(x, z_k) / q(z_k|x), z_k ~ q(z|x) (Burda et al. 2016), computed
   * in chunks of importance samples so memory stays bounded for K = 5000. Both are lower bounds
   * on log p(x); the IWAE one is tighter and approaches log p(x) as K grows.
   */
  elbo(x: tf.Tensor, options: { numImportanceSamples?: number; seed?: number } = {}): tf.Tensor1D {
    const k = options.numImportanceSamples ?? 1;
    if (!Number.isInteger(k) || k < 1) {
      throw new VAEConfigError(`elbo: numImportanceSamples must be a positive integer, got ${k}`);
    }
    const seed = options.seed ?? DEFAULT_EVAL_SEED;
    if (k === 1) {
      return tf.tidy(() => {
        const { reconstruction, kl } = this.elboTerms(x, seed);
        return tf.sub(reconstruction, kl) as tf.Tensor1D;
      });
    }
    return this.importanceWeightedBound(x, k, seed);
  }

  private importanceWeightedBound(x: tf.Tensor, k: number, seed: number): tf.Tensor1D {
    const flat = this.flatten(x);
    const { mean, logVar } = this.encodeDistribution(flat);
    const batch = flat.shape[0];
    const latent = this.config.latentDim;
    // Running log-sum-exp over chunks of importance samples: [batch].
    let runningMax: tf.Tensor1D | null = null;
    let runningSum: tf.Tensor1D | null = null;
    const chunkSeeds = stepSeeds(seed, Math.ceil(k / IMPORTANCE_CHUNK));
    for (let start = 0, chunk = 0; start < k; start += IMPORTANCE_CHUNK, chunk++) {
      const size = Math.min(IMPORTANCE_CHUNK, k - start);
      const logWeights = tf.tidy(() => {
        // z: [size, batch, latent]
        const eps = tf.randomNormal([size, batch, latent], 0, 1, 'float32', chunkSeeds[chunk]);
        const z = reparameterize(mean, logVar, eps);
        const logQ = diagonalGaussianLogDensity(z, mean, logVar); // [size, batch]
        const logPz = standardNormalLogDensity(z);
        const out = this.decodeParameters(tf.reshape(z, [size * batch, latent]));
        const xs = tf.reshape(tf.tile(tf.expandDims(flat, 0), [size, 1, 1]), [size * batch, this.dataDim]) as tf.Tensor2D;
        const logPx = tf.reshape(this.observationLogLikelihood(out, xs), [size, batch]);
        return tf.sub(tf.add(logPx, logPz), logQ) as tf.Tensor2D;
      });
      const next = tf.tidy(() => {
        const chunkMax = tf.max(logWeights, 0) as tf.Tensor1D;
        const newMax = runningMax ? tf.maximum(runningMax, chunkMax) : chunkMax;
        const chunkSum = tf.sum(tf.exp(tf.sub(logWeights, newMax)), 0);
        const carried = runningMax && runningSum ? tf.mul(runningSum, tf.exp(tf.sub(runningMax, newMax))) : tf.zerosLike(chunkSum);
        return { max: newMax as tf.Tensor1D, sum: tf.add(carried, chunkSum) as tf.Tensor1D };
      });
      logWeights.dispose();
      runningMax?.dispose();
      runningSum?.dispose();
      runningMax = next.max;
      runningSum = next.sum;
    }
    const result = tf.tidy(() => tf.sub(tf.add(runningMax!, tf.log(runningSum!)), Math.log(k)) as tf.Tensor1D);
    tf.dispose([flat, mean, logVar, runningMax!, runningSum!]);
    return result;
  }

  /** The training objective: mean over the batch of -(log p(x|z) - beta * KL). */
  private lossTerms(batch: tf.Tensor, seed: number): { loss: tf.Scalar; metrics: StepMetrics } {
    const { reconstruction, kl } = this.elboTerms(batch, seed);
    const recon = tf.neg(tf.mean(reconstruction)) as tf.Scalar;
    const klMean = tf.mean(kl) as tf.Scalar;
    const loss = tf.add(recon, tf.mul(klMean, this.config.beta)) as tf.Scalar;
    // The negative ELBO itself (beta = 1), so beta-VAE runs still report the bound.
    const negativeElbo = tf.add(recon, klMean);
    return { loss, metrics: { 'loss/recon': recon, 'loss/kl': klMean, 'loss/neg-elbo': negativeElbo } };
  }

  trainStep(batch: tf.Tensor, context: StepContext): StepMetrics {
    this.assertBatch(batch);
    const noiseSeed = deriveSeed(context.seed, 1);
    return minimize(this.optimizer, () => this.lossTerms(batch, noiseSeed), {
      varList: this.params.trainableVariables,
      clipNorm: this.config.clipNorm ?? undefined,
    });
  }

  evaluateStep(batch: tf.Tensor, context?: StepContext): StepMetrics {
    this.assertBatch(batch);
    return tf.tidy(() => {
      const { loss, metrics } = this.lossTerms(batch, context ? deriveSeed(context.seed, 2) : DEFAULT_EVAL_SEED);
      return { loss, ...metrics };
    });
  }

  getWeights(): tf.NamedTensorMap {
    return this.params.getWeights();
  }

  setWeights(weights: tf.NamedTensorMap): void {
    this.params.setWeights(weights);
  }

  getOptimizerState(): tf.NamedTensorMap {
    return getOptimizerState(this.optimizer, 'adam');
  }

  setOptimizerState(state: tf.NamedTensorMap): void {
    setOptimizerState(this.optimizer, 'adam', state, this.params.trainableVariables);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.optimizer.dispose();
    this.params.dispose();
  }

  private flatten(x: tf.Tensor): tf.Tensor2D {
    this.assertBatch(x);
    return tf.reshape(x, [x.shape[0], this.dataDim]);
  }

  private assertBatch(x: tf.Tensor): void {
    if (this.disposed) throw new Error('VAE: the model was disposed; create a new one or load a checkpoint');
    const perExample = x.shape.slice(1).reduce((a, b) => a * b, 1);
    if (x.rank < 2 || perExample !== this.dataDim) {
      throw new VAEConfigError(
        `VAE: expected a batch shaped [batch, ${this.config.inputShape.join(', ')}] (${this.dataDim} values per example), ` +
          `got [${x.shape.join(', ')}]; check that the dataset matches the model's inputShape`,
      );
    }
  }

  private assertLatent(z: tf.Tensor): void {
    if (z.rank !== 2 || z.shape[1] !== this.config.latentDim) {
      throw new VAEConfigError(`VAE: expected latents shaped [batch, ${this.config.latentDim}], got [${z.shape.join(', ')}]`);
    }
  }

  private assertCount(n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new VAEConfigError(`VAE: numSamples must be a positive integer, got ${n}`);
  }
}
