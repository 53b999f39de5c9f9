/**
 * The deterministic autoencoder z = E(x), x' = D(z), trained on the reconstruction loss
 * -log p(x | z = E(x)) (Hinton & Salakhutdinov 2006), and with `denoising` set the denoising
 * autoencoder (Vincent et al. 2008): the encoder sees a corrupted x. It is the non-generative
 * baseline of this package: compression, denoising and anomaly scores without a regularized
 * latent. So that it still has a `sample` (the GenerativeModel contract), it keeps running
 * moments of its codes and draws z from that Gaussian (ex-post density estimation, Ghosh et al.
 * 2020, "From Variational to Deterministic Autoencoders"); expect poor samples, which is the point
 * of comparing it with the VAE. WAE and AAE extend this class with a penalty on the codes.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GenerativeModel, InpaintingModel, LatentModel, SampleOptions, StepContext, StepMetrics } from '@genmodels/core-nn';
import { Parameters, createOptimizer, deriveSeed, getOptimizerState, minimize, setOptimizerState } from '@genmodels/core-nn';
import type { AutoencoderConfig, AutoencoderConfigInput, AutoencoderModelType } from './autoencoder-config.js';
import { resolveAutoencoderConfig } from './autoencoder-config.js';
import { Decoder, Encoder } from './autoencoder-networks.js';
import { VAEConfigError } from './config-fields.js';
import { corrupt } from './corrupt.js';
import { iterativeInpaint, type IterativeInpaintOptions } from './iterative-inpaint.js';
import { type LikelihoodDescription, ObservationHead } from './observation-head.js';

const DEFAULT_SEED = 20160;

/** A penalty on a batch of codes, added to the reconstruction loss. */
export interface CodePenalty {
  /** Already weighted by regularizationWeight. */
  penalty: tf.Scalar;
  metrics: StepMetrics;
}

export class Autoencoder implements GenerativeModel<tf.Tensor, AutoencoderConfig>, LatentModel, InpaintingModel {
  readonly specificationVersion = 'v1' as const;
  readonly modelType: AutoencoderModelType;
  readonly config: AutoencoderConfig;
  readonly latentShape: readonly number[];
  readonly dataDim: number;
  /** What the reconstruction loss measures. */
  readonly likelihood: LikelihoodDescription;

  protected readonly params: Parameters;
  private readonly encoder: Encoder;
  private readonly decoder: Decoder;
  private readonly head: ObservationHead;
  protected readonly optimizer: tf.Optimizer;
  /** 'ae' only: running mean and variance of the codes (non-trainable weights). */
  private readonly codeMean: tf.Variable | null;
  private readonly codeVariance: tf.Variable | null;
  protected disposed = false;

  constructor(config: AutoencoderConfigInput = {}) {
    this.config = resolveAutoencoderConfig(config);
    this.modelType = this.config.modelType;
    const { inputShape, latentDim } = this.config;
    this.dataDim = inputShape.reduce((a, b) => a * b, 1);
    this.latentShape = [latentDim];
    this.params = new Parameters({ seed: this.config.seed });
    this.encoder = new Encoder(this.params.scope('encoder'), this.config, latentDim, 'code');
    const decoderParams = this.params.scope('decoder');
    this.head = new ObservationHead(decoderParams, this.config.observationModel, this.config.decoderVariance, this.dataDim);
    this.decoder = new Decoder(decoderParams, this.config, latentDim, this.head.outputsPerDim);
    this.likelihood = this.head.description;
    if (this.modelType === 'ae') {
      const prior = this.params.scope('codes');
      this.codeMean = prior.create('mean', [latentDim], 'zeros', { trainable: false });
      this.codeVariance = prior.create('variance', [latentDim], 'ones', { trainable: false });
    } else {
      this.codeMean = null;
      this.codeVariance = null;
    }
    const { learningRate, beta1, beta2, epsilon } = this.config.optimizer;
    this.optimizer = createOptimizer({ name: 'adam', learningRate, beta1, beta2, epsilon });
  }

  /** The encoder's and decoder's trainable variables (what the reconstruction objective updates). */
  protected get autoencoderVariables(): tf.Variable[] {
    return [...this.params.scope('encoder').trainableVariables, ...this.params.scope('decoder').trainableVariables];
  }

  /** The code z = E(x): [batch, latentDim]. */
  encode(x: tf.Tensor): tf.Tensor2D {
    this.assertBatch(x);
    return tf.tidy(() => this.encoder.apply(x, null));
  }

  /** The mean of p(x|z) shaped [batch, ...inputShape]. */
  decode(z: tf.Tensor): tf.Tensor {
    this.assertLatent(z);
    return tf.tidy(() => tf.reshape(this.head.mean(this.decoder.apply(z as tf.Tensor2D, null)), [z.shape[0], ...this.config.inputShape]));
  }

  reconstruct(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.decode(this.encode(x)));
  }

  /** Per-value reconstruction error -log p(x_i | z = E(x)), shaped like x (an anomaly map, nats). */
  reconstructionError(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const flat = this.flatten(x);
      return tf.reshape(this.head.negLogLikelihoodPerDim(this.decoder.apply(this.encode(flat), null), flat), x.shape);
    });
  }

  /** Restores unknown values (mask 0) by iterated reconstruction (see iterativeInpaint). */
  inpaint(x: tf.Tensor, mask: tf.Tensor, options: SampleOptions & IterativeInpaintOptions = {}): tf.Tensor {
    this.assertBatch(x);
    return iterativeInpaint(x, mask, (current) => this.reconstruct(current), options);
  }

  /** Codes for sample(): the running code Gaussian for 'ae', the prior N(0, I) for WAE and AAE. */
  protected samplePrior(numSamples: number, seed: number): tf.Tensor2D {
    return tf.tidy(() => {
      const eps = tf.randomNormal([numSamples, this.config.latentDim], 0, 1, 'float32', seed) as tf.Tensor2D;
      if (!this.codeMean || !this.codeVariance) return eps;
      return tf.add(this.codeMean, tf.mul(tf.sqrt(this.codeVariance), eps)) as tf.Tensor2D;
    });
  }

  /** Decoder means of codes drawn by samplePrior: [n, ...inputShape]. */
  sample(numSamples: number, options: SampleOptions = {}): tf.Tensor {
    if (!Number.isInteger(numSamples) || numSamples < 1) {
      throw new VAEConfigError(`${this.modelType}: numSamples must be a positive integer, got ${numSamples}`);
    }
    return tf.tidy(() => this.decode(this.samplePrior(numSamples, options.seed ?? DEFAULT_SEED)));
  }

  /** Penalty on the codes added to the reconstruction loss (none for the plain autoencoder). */
  protected codePenalty(codes: tf.Tensor2D, seed: number): CodePenalty | null {
    void codes;
    void seed;
    return null;
  }

  /** The encoder's input for a training step: x, or corrupt(x) for a denoising autoencoder. */
  protected encoderInput(x: tf.Tensor, seed: number): tf.Tensor {
    return this.config.denoising ? corrupt(x, this.config.denoising, deriveSeed(seed, 3)) : x;
  }

  /** Mean reconstruction loss -log p(x | D(z)) for codes z and clean x. */
  protected reconstructionLoss(codes: tf.Tensor2D, x: tf.Tensor): tf.Scalar {
    return tf.tidy(() => tf.neg(tf.mean(this.head.logLikelihood(this.decoder.apply(codes, null), this.flatten(x))))) as tf.Scalar;
  }

  /** Codes of the corrupted (or clean) input and the reconstruction objective with its penalty. */
  protected objective(x: tf.Tensor, seed: number, onCodes?: (codes: tf.Tensor2D) => void): { loss: tf.Scalar; metrics: StepMetrics } {
    const codes = this.encoder.apply(this.encoderInput(x, seed), null);
    onCodes?.(codes);
    const recon = this.reconstructionLoss(codes, x);
    const penalty = this.codePenalty(codes, seed);
    if (!penalty) return { loss: recon, metrics: { 'loss/recon': tf.clone(recon) } };
    return { loss: tf.add(recon, penalty.penalty) as tf.Scalar, metrics: { 'loss/recon': recon, ...penalty.metrics } };
  }

  trainStep(batch: tf.Tensor, context: StepContext): StepMetrics {
    this.assertBatch(batch);
    let moments: { mean: tf.Tensor; variance: tf.Tensor } | null = null;
    const metrics = minimize(
      this.optimizer,
      () =>
        this.objective(batch, context.seed, (codes) => {
          // Not part of the loss, so no gradient flows through these moments.
          if (this.codeMean) {
            const { mean, variance } = tf.moments(codes, 0);
            moments = { mean: tf.keep(mean), variance: tf.keep(variance) };
          }
        }),
      { varList: this.autoencoderVariables, clipNorm: this.config.clipNorm ?? undefined },
    );
    this.updateCodeMoments(moments);
    return metrics;
  }

  private updateCodeMoments(moments: { mean: tf.Tensor; variance: tf.Tensor } | null): void {
    if (!moments || !this.codeMean || !this.codeVariance) return;
    const { mean, variance } = moments;
    const m = this.config.codeMomentum;
    tf.tidy(() => {
      this.codeMean!.assign(tf.add(tf.mul(this.codeMean!, m), tf.mul(mean, 1 - m)));
      this.codeVariance!.assign(tf.add(tf.mul(this.codeVariance!, m), tf.mul(variance, 1 - m)));
    });
    tf.dispose([mean, variance]);
  }

  evaluateStep(batch: tf.Tensor, context?: StepContext): StepMetrics {
    this.assertBatch(batch);
    return tf.tidy(() => {
      const { loss, metrics } = this.objective(batch, context ? deriveSeed(context.seed, 2) : DEFAULT_SEED);
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
    setOptimizerState(this.optimizer, 'adam', state, this.autoencoderVariables);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.optimizer.dispose();
    this.params.dispose();
  }

  protected flatten(x: tf.Tensor): tf.Tensor2D {
    return tf.reshape(x, [x.shape[0], this.dataDim]);
  }

  protected assertBatch(x: tf.Tensor): void {
    if (this.disposed) throw new Error(`${this.modelType}: the model was disposed; create a new one or load a checkpoint`);
    if (!(x instanceof tf.Tensor)) throw new VAEConfigError(`${this.modelType}: expected a tensor batch`);
    const perExample = x.shape.slice(1).reduce((a, b) => a * b, 1);
    if (x.rank < 2 || perExample !== this.dataDim) {
      throw new VAEConfigError(
        `${this.modelType}: expected a batch shaped [batch, ${this.config.inputShape.join(', ')}] (${this.dataDim} values per example), ` +
          `got [${x.shape.join(', ')}]; check that the dataset matches the model's inputShape`,
      );
    }
  }

  private assertLatent(z: tf.Tensor): void {
    if (z.rank !== 2 || z.shape[1] !== this.config.latentDim) {
      throw new VAEConfigError(`${this.modelType}: expected codes shaped [batch, ${this.config.latentDim}], got [${z.shape.join(', ')}]`);
    }
  }
}
