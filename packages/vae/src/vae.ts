/**
 * The variational autoencoder (Kingma & Welling 2014, "Auto-Encoding Variational Bayes"),
 * trained on the negative ELBO
 *   -ELBO(x) = -E_q(z|x)[log p(x|z)] + beta * KL(q(z|x) || p(z)),
 * with the KL in closed form and one reparameterized sample for the expectation; with
 * numImportanceSamples K > 1 it trains on the IWAE bound instead (Burda et al. 2016,
 * "Importance Weighted Autoencoders"). `elbo` with K importance samples evaluates that bound
 * in chunks; it is a bound, never a likelihood. One class serves the MLP and convolutional
 * networks, every observation model, beta / KL warm-up and the denoising criterion; CVAE adds labels.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {
  BoundModel,
  InpaintingModel,
  LabeledBatch,
  Labels,
  LabelsArgument,
  LatentModel,
  LikelihoodSpec,
  OptimizerSlot,
  SampleOptions,
  StepContext,
  StepMetrics,
} from '@genmodels/core-nn';
import {
  GenerativeModelBase,
  createOptimizer,
  deriveSeed,
  evaluateStepFromLoss,
  labelsOf,
  oneHotLabels,
  sampleLabels,
  splitBatch,
  stepSeeds,
  trainStepFromLoss,
} from '@genmodels/core-nn';
import { Decoder, Encoder } from './autoencoder-networks.js';
import { corrupt } from './corrupt.js';
import {
  diagonalGaussianLogDensity,
  klToStandardNormal,
  reparameterize,
  standardNormalLogDensity,
} from './diagonal-gaussian.js';
import { iterativeInpaint, type IterativeInpaintOptions } from './iterative-inpaint.js';
import { klWeight } from './kl-warmup.js';
import { type LikelihoodDescription, ObservationHead } from './observation-head.js';
import type { VAEConfig, VAEConfigInput, VAEModelType } from './vae-config.js';
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

/** A training batch: images alone, or { x, labels } (labels are required by a CVAE, ignored otherwise). */
export type VAEBatch = tf.Tensor | LabeledBatch;

export interface BoundOptions {
  /** K: 1 gives the ELBO, K > 1 the IWAE bound. */
  numImportanceSamples?: number;
  seed?: number;
  /** Class labels (conditional VAE only), one per example. */
  labels?: Labels;
}

/** The log importance weights of K samples, each [K, batch]. */
export type ImportanceWeights = {
  /** log p(x|z_k). */
  logLikelihood: tf.Tensor2D;
  /** log p(z_k) - log q(z_k|x). */
  logPriorRatio: tf.Tensor2D;
};

/** Seed used by evaluateStep and elbo when the caller gives none: evaluation is reproducible. */
const DEFAULT_EVAL_SEED = 20160;
/** Decoded (importance sample x example) pairs per chunk when estimating the IWAE bound, to bound memory. */
const IMPORTANCE_CHUNK_PAIRS = 20_000;

export class VAE extends GenerativeModelBase<VAEBatch, VAEConfig> implements BoundModel, LatentModel, InpaintingModel {
  readonly modelType: VAEModelType;
  readonly latentShape: readonly number[];
  /** Number of data dimensions (the product of inputShape). */
  readonly dataDim: number;
  /** What the reconstruction term (and so every bound this model reports) measures. */
  readonly likelihood: LikelihoodDescription;
  /** elbo is a variational bound (IWAE with K > 1) of the discrete pixels, or a density of real values (Gaussian decoder). */
  readonly likelihoodSpec: LikelihoodSpec;

  private readonly encoder: Encoder;
  private readonly decoder: Decoder;
  private readonly head: ObservationHead;
  private readonly optimizer: OptimizerSlot;

  constructor(options: VAEConfigInput = {}) {
    const config = resolveVAEConfig(options);
    if (config.numClasses > 0 && new.target === VAE) {
      throw new VAEConfigError("VAE: a config with modelType 'cvae' builds a conditional model; use new CVAE(config)");
    }
    super(config, config.seed);
    this.modelType = this.config.modelType;
    const { inputShape, latentDim, numClasses } = this.config;
    this.dataDim = inputShape.reduce((a, b) => a * b, 1);
    this.latentShape = [latentDim];
    // One linear head produces both halves of the posterior: [mu, logVar].
    this.encoder = new Encoder(this.params.scope('encoder'), this.config, 2 * latentDim, 'posterior', numClasses);
    const decoderParams = this.params.scope('decoder');
    this.head = new ObservationHead(decoderParams, this.config.observationModel, this.config.decoderVariance, this.dataDim);
    this.decoder = new Decoder(decoderParams, this.config, latentDim, this.head.outputsPerDim, numClasses);
    this.likelihood = this.head.description;
    this.likelihoodSpec = { kind: 'elbo', dataSpace: this.likelihood.discrete ? 'discrete' : 'continuous' };
    this.optimizer = this.state.addOptimizer('adam', createOptimizer(this.config.optimizer), () => this.params.trainableVariables);
  }

  /** The one-hot condition of a conditional VAE for `count` examples, or null for an unconditional one. */
  protected condition(argument: LabelsArgument | undefined, count: number, where: string): tf.Tensor2D | null {
    if (this.config.numClasses === 0) return null;
    const labels = labelsOf(argument);
    if (labels === undefined) {
      throw new VAEConfigError(`${where}: this conditional VAE needs class labels (one per example, 0..${this.config.numClasses - 1})`);
    }
    return oneHotLabels(labels, count, this.config.numClasses, where);
  }

  /** q(z|x): mean and log-variance of the Gaussian posterior, [batch, latentDim] each. */
  encodeDistribution(x: tf.Tensor, labels?: LabelsArgument): Posterior {
    this.assertBatch(x);
    return tf.tidy(() => {
      const h = this.encoder.apply(x, this.condition(labels, x.shape[0], 'encode'));
      const [mean, logVar] = tf.split(h, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      return { mean, logVar };
    });
  }

  /** The posterior mean of z for each example: [batch, latentDim]. */
  encode(x: tf.Tensor, labels?: LabelsArgument): tf.Tensor2D {
    return tf.tidy(() => this.encodeDistribution(x, labels).mean);
  }

  /** The decoder's raw outputs, each [batch, dataDim]: logits (Bernoulli), means (Gaussian), or mean and log-scale (discretized logistic). */
  decodeOutputs(z: tf.Tensor, labels?: LabelsArgument): tf.Tensor2D[] {
    this.assertLatent(z);
    return tf.tidy(() => this.decoder.apply(z as tf.Tensor2D, this.condition(labels, z.shape[0], 'decode')));
  }

  /** The decoder's first raw output, [batch, dataDim]: logits for Bernoulli, means otherwise. */
  decodeParameters(z: tf.Tensor, labels?: LabelsArgument): tf.Tensor2D {
    return tf.tidy(() => this.decodeOutputs(z, labels)[0]);
  }

  /** The mean of p(x|z) shaped [batch, ...inputShape]: pixel probabilities for Bernoulli, values in [0, 1] for 8-bit data. */
  decode(z: tf.Tensor, labels?: LabelsArgument): tf.Tensor {
    return tf.tidy(() => tf.reshape(this.head.mean(this.decodeOutputs(z, labels)), [z.shape[0], ...this.config.inputShape]));
  }

  /** decode(encode(x)): the reconstruction through the posterior mean. */
  reconstruct(x: tf.Tensor, labels?: LabelsArgument): tf.Tensor {
    return tf.tidy(() => this.decode(this.encode(x, labels), labels));
  }

  /**
   * Per-value reconstruction error -log p(x_i | z = posterior mean), shaped like x: an anomaly
   * map in nats (for binary data the cross-entropy of each pixel).
   */
  reconstructionError(x: tf.Tensor, labels?: LabelsArgument): tf.Tensor {
    return tf.tidy(() => {
      const flat = this.flatten(x);
      const outputs = this.decodeOutputs(this.encode(flat, labels), labels);
      return tf.reshape(this.head.negLogLikelihoodPerDim(outputs, flat), x.shape);
    });
  }

  /**
   * Draws z ~ N(0, I) and returns the decoder mean: [n, ...inputShape]. The mean (pixel
   * probabilities) is what sample grids show; `sampleObservations` draws x ~ p(x|z) itself.
   */
  sample(numSamples: number, options: SampleOptions = {}): tf.Tensor {
    this.assertCount(numSamples);
    const seed = options.seed ?? DEFAULT_EVAL_SEED;
    const labels = sampleLabels(options.labels, numSamples, this.config.numClasses, `${this.modelType} sample`);
    return tf.tidy(() => this.decode(tf.randomNormal([numSamples, this.config.latentDim], 0, 1, 'float32', seed), labels));
  }

  /** Draws z ~ p(z) and then x ~ p(x|z): binary images for Bernoulli, noisy values for Gaussian, 8-bit values for the logistic. */
  sampleObservations(numSamples: number, options: SampleOptions = {}): tf.Tensor {
    this.assertCount(numSamples);
    const [zSeed, xSeed] = stepSeeds(options.seed ?? DEFAULT_EVAL_SEED, 2);
    const labels = sampleLabels(options.labels, numSamples, this.config.numClasses, `${this.modelType} sampleObservations`);
    return tf.tidy(() => {
      const z = tf.randomNormal([numSamples, this.config.latentDim], 0, 1, 'float32', zSeed);
      const x = this.head.sample(this.decodeOutputs(z, labels), xSeed);
      return tf.reshape(x, [numSamples, ...this.config.inputShape]);
    });
  }

  /** The reconstruction and KL terms per example, with z drawn using `seed`. */
  elboTerms(x: tf.Tensor, seed: number, labels?: LabelsArgument): ElboTerms {
    return tf.tidy(() => {
      const flat = this.flatten(x);
      const { mean, logVar } = this.encodeDistribution(flat, labels);
      const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', seed);
      const z = reparameterize(mean, logVar, eps);
      const reconstruction = this.head.logLikelihood(this.decodeOutputs(z, labels), flat);
      const kl = klToStandardNormal(mean, logVar);
      return { reconstruction, kl };
    });
  }

  /**
   * log p(x|z_k) and log p(z_k) - log q(z_k|x) for K samples z_k ~ q(z|x_enc), where the
   * posterior is computed from `encoderInput` (x itself, or a corrupted copy for the denoising
   * criterion) and the likelihood is of the clean x. Each [K, batch].
   */
  importanceWeights(x: tf.Tensor, k: number, seed: number, labels?: LabelsArgument, encoderInput?: tf.Tensor): ImportanceWeights {
    return tf.tidy(() => {
      const flat = this.flatten(x);
      const { mean, logVar } = this.encodeDistribution(encoderInput ?? flat, labels);
      return this.importanceWeightsFrom(flat, mean, logVar, k, seed, labels);
    });
  }

  private importanceWeightsFrom(flat: tf.Tensor2D, mean: tf.Tensor2D, logVar: tf.Tensor2D, k: number, seed: number, labels?: LabelsArgument): ImportanceWeights {
    return tf.tidy(() => {
      const batch = flat.shape[0];
      const latent = this.config.latentDim;
      const eps = tf.randomNormal([k, batch, latent], 0, 1, 'float32', seed);
      const z = reparameterize(mean, logVar, eps); // [K, batch, latent]
      const logQ = diagonalGaussianLogDensity(z, mean, logVar);
      const logPz = standardNormalLogDensity(z);
      const repeatedLabels = labels === undefined ? undefined : this.repeatLabels(labels, k, batch);
      const outputs = this.decodeOutputs(tf.reshape(z, [k * batch, latent]), repeatedLabels);
      const xs = tf.reshape(tf.tile(tf.expandDims(flat, 0), [k, 1, 1]), [k * batch, this.dataDim]) as tf.Tensor2D;
      const logLikelihood = tf.reshape(this.head.logLikelihood(outputs, xs), [k, batch]) as tf.Tensor2D;
      return { logLikelihood, logPriorRatio: tf.sub(logPz, logQ) as tf.Tensor2D };
    });
  }

  private repeatLabels(argument: LabelsArgument, k: number, batch: number): Labels | undefined {
    const labels = labelsOf(argument);
    if (this.config.numClasses === 0 || labels === undefined) return labels;
    if (labels instanceof tf.Tensor) return tf.tile(labels, [k]) as tf.Tensor1D;
    if (labels.length !== batch) throw new VAEConfigError(`elbo: expected ${batch} labels (one per example), got ${labels.length}`);
    return Array.from({ length: k * batch }, (_, i) => labels[i % batch]);
  }

  /**
   * The evidence lower bound per example, in nats. With K = numImportanceSamples > 1 it is the
   * IWAE bound log (1/K) sum_k p(x, z_k) / q(z_k|x), z_k ~ q(z|x) (Burda et al. 2016), computed
   * in chunks of importance samples so memory stays bounded for K = 5000. Both are lower bounds
   * on log p(x); the IWAE one is tighter and approaches log p(x) as K grows.
   */
  elbo(x: tf.Tensor, options: BoundOptions = {}): tf.Tensor1D {
    const k = options.numImportanceSamples ?? 1;
    if (!Number.isInteger(k) || k < 1) {
      throw new VAEConfigError(`elbo: numImportanceSamples must be a positive integer, got ${k}`);
    }
    const seed = options.seed ?? DEFAULT_EVAL_SEED;
    if (k === 1) {
      return tf.tidy(() => {
        const { reconstruction, kl } = this.elboTerms(x, seed, options.labels);
        return tf.sub(reconstruction, kl) as tf.Tensor1D;
      });
    }
    return this.importanceWeightedBound(x, k, seed, options.labels);
  }

  private importanceWeightedBound(x: tf.Tensor, k: number, seed: number, labels?: Labels): tf.Tensor1D {
    const flat = this.flatten(x);
    const { mean, logVar } = this.encodeDistribution(flat, labels);
    const batch = flat.shape[0];
    const chunk = Math.max(1, Math.min(k, Math.floor(IMPORTANCE_CHUNK_PAIRS / batch)));
    // Running log-sum-exp over chunks of importance samples: [batch].
    let runningMax: tf.Tensor1D | null = null;
    let runningSum: tf.Tensor1D | null = null;
    const chunkSeeds = stepSeeds(seed, Math.ceil(k / chunk));
    for (let start = 0, c = 0; start < k; start += chunk, c++) {
      const size = Math.min(chunk, k - start);
      const logWeights = tf.tidy(() => {
        const { logLikelihood, logPriorRatio } = this.importanceWeightsFrom(flat, mean, logVar, size, chunkSeeds[c], labels);
        return tf.add(logLikelihood, logPriorRatio) as tf.Tensor2D;
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

  /** The KL weight at a training step (beta, or the KL warm-up schedule). */
  klWeight(step: number): number {
    return klWeight(this.config.beta, this.config.klWarmup, step);
  }

  /**
   * Fills the unknown values of x (mask 0) by iterated reconstruction through the posterior mean
   * (see iterativeInpaint); known values (mask 1) are kept. Options: numIterations (20), fill (0), labels.
   */
  inpaint(x: tf.Tensor, mask: tf.Tensor, options: SampleOptions & IterativeInpaintOptions = {}): tf.Tensor {
    this.assertBatch(x);
    return iterativeInpaint(x, mask, (current) => this.reconstruct(current, options.labels as Labels | undefined), options);
  }

  /**
   * The training objective, mean over the batch. K = 1: -(log p(x|z) - w KL) with the analytic
   * KL; K > 1: -log (1/K) sum_k p(x|z_k) (p(z_k) / q(z_k|x))^w, the IWAE bound (w = 1). w is the
   * KL weight of this step. The negative ELBO itself (w = 1) is always reported as loss/neg-elbo.
   */
  private lossTerms(x: tf.Tensor, labels: Labels | undefined, seed: number, step: number): { loss: tf.Scalar; metrics: StepMetrics } {
    const weight = this.klWeight(step);
    const [noiseSeed, corruptionSeed] = [deriveSeed(seed, 1), deriveSeed(seed, 3)];
    const encoderInput = this.config.denoising ? corrupt(this.flatten(x), this.config.denoising, corruptionSeed) : undefined;
    const k = this.config.numImportanceSamples;
    const weightMetric = tf.scalar(weight);
    if (k === 1) {
      const flat = this.flatten(x);
      const { mean, logVar } = this.encodeDistribution(encoderInput ?? flat, labels);
      const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', noiseSeed);
      const z = reparameterize(mean, logVar, eps);
      const recon = tf.neg(tf.mean(this.head.logLikelihood(this.decodeOutputs(z, labels), flat))) as tf.Scalar;
      const klMean = tf.mean(klToStandardNormal(mean, logVar)) as tf.Scalar;
      const loss = tf.add(recon, tf.mul(klMean, weight)) as tf.Scalar;
      return { loss, metrics: { 'loss/recon': recon, 'loss/kl': klMean, 'loss/neg-elbo': tf.add(recon, klMean), 'loss/kl-weight': weightMetric } };
    }
    const { logLikelihood, logPriorRatio } = this.importanceWeights(x, k, noiseSeed, labels, encoderInput);
    const bound = (w: number) => tf.sub(tf.logSumExp(tf.add(logLikelihood, tf.mul(logPriorRatio, w)), 0), Math.log(k));
    const loss = tf.neg(tf.mean(bound(weight))) as tf.Scalar;
    const recon = tf.neg(tf.mean(logLikelihood));
    const klEstimate = tf.neg(tf.mean(logPriorRatio));
    return {
      loss,
      metrics: {
        'loss/recon': recon,
        'loss/kl': klEstimate,
        'loss/neg-elbo': tf.add(recon, klEstimate),
        'loss/neg-iwae': weight === 1 ? tf.clone(loss) : tf.neg(tf.mean(bound(1))),
        'loss/kl-weight': weightMetric,
      },
    };
  }

  trainStep(batch: VAEBatch, context: StepContext): StepMetrics {
    const { x, labels } = splitBatch(batch, this.config.numClasses, this.modelType);
    this.assertBatch(x);
    return trainStepFromLoss(this.optimizer, () => this.lossTerms(x, labels, context.seed, context.step), { clipNorm: this.config.clipNorm });
  }

  /** The training metrics without updating anything; noise seeded from the context (or a fixed seed), KL weight of its step (or beta). */
  evaluateStep(batch: VAEBatch, context?: StepContext): StepMetrics {
    const { x, labels } = splitBatch(batch, this.config.numClasses, this.modelType);
    this.assertBatch(x);
    const seed = context ? deriveSeed(context.seed, 2) : DEFAULT_EVAL_SEED;
    return evaluateStepFromLoss(() => this.lossTerms(x, labels, seed, context ? context.step : Number.MAX_SAFE_INTEGER));
  }

  protected flatten(x: tf.Tensor): tf.Tensor2D {
    this.assertBatch(x);
    return tf.reshape(x, [x.shape[0], this.dataDim]);
  }

  protected assertBatch(x: tf.Tensor): void {
    this.assertAlive();
    if (!(x instanceof tf.Tensor)) throw new VAEConfigError(`${this.constructor.name}: expected a tensor batch, got ${typeof x}`);
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

  protected assertCount(n: number): void {
    this.assertAlive();
    if (!Number.isInteger(n) || n < 1) throw new VAEConfigError(`VAE: numSamples must be a positive integer, got ${n}`);
  }
}
