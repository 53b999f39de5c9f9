/**
 * The GenerativeModel shared by RealNVP, Glow and MAF: they only assemble a transform and a base
 * density (design notes, "Flows"); training, likelihood, sampling and state live here.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type {
  ConditionalModel,
  LabeledBatch,
  Labels,
  LatentModel,
  LikelihoodModel,
  LikelihoodSpec,
  OptimizerSlot,
  Parameters,
  SampleOptions,
  StepContext,
  StepMetrics,
} from '@genmodels/core-nn';
import {
  GenerativeModelBase,
  createOptimizer,
  deriveSeed,
  evaluateStepFromLoss,
  oneHotLabels,
  sampleLabels,
  splitBatch,
  trainStepFromLoss,
} from '@genmodels/core-nn';
import type { ActNorm, DataInitialization } from './act-norm.js';
import { CompositeTransform } from './composite-transform.js';
import type { Distribution } from './distribution.js';
import { sizeOf } from './event-shape.js';
import { Flow } from './flow.js';
import { FlowConfigError, type FlowCommonConfig } from './flow-config.js';
import { LogitTransform } from './logit-transform.js';
import type { Transform } from './transform.js';
import { UniformDequantization } from './uniform-dequantization.js';

/** A batch: the data alone, or data with class labels for class-conditional flows. */
export type FlowBatch = Tensor | LabeledBatch;

/** What a model family builds inside FlowModel. */
export interface FlowParts {
  /** The model's own bijection (preprocessing is prepended by FlowModel). */
  transform: Transform;
  base: Distribution;
  /** ActNorm layers needing data-dependent initialization before the first training step. */
  actNorms?: readonly ActNorm[];
  /** Objects holding tensors outside Parameters (e.g. MADE's masks), disposed with the model. */
  disposables?: readonly { dispose(): void }[];
}

export interface FlowBuildContext {
  /** Parameters of the model's transform (scope 'transform'). */
  params: Parameters;
  /** Parameters of the base density (scope 'base'). */
  baseParams: Parameters;
  /** The switch the ActNorm layers share. */
  initialization: DataInitialization;
  /** numClasses (one-hot context size), 0 when unconditional. */
  contextDim: number;
}

/** Seed used when the caller gives none, so that evaluation and sampling are reproducible. */
const DEFAULT_SEED = 1717;

export interface FlowLogProbOptions {
  /** Class labels for conditional flows; without them the class is marginalized out. */
  labels?: Labels;
  /** Seed of the dequantization noise (images). */
  seed?: number;
}

export abstract class FlowModel<TConfig extends FlowCommonConfig>
  extends GenerativeModelBase<FlowBatch, TConfig>
  implements LikelihoodModel, LatentModel, ConditionalModel
{
  readonly latentShape: readonly number[];
  readonly numClasses: number;
  /** Exact; with 'dequantize-logit' the dequantization and logit terms are inside logProb. */
  readonly likelihoodSpec: LikelihoodSpec;
  /** Data dimensions D (bits/dim divides by D ln 2). */
  readonly dataDim: number;
  /** The flow: preprocessing then the model's transform, and the base density. */
  readonly flow: Flow;

  private readonly optimizer: OptimizerSlot;
  private readonly actNorms: readonly ActNorm[];
  private readonly initialization: DataInitialization = { active: false };
  private initializationDone = false;

  protected constructor(config: TConfig, build: (context: FlowBuildContext) => FlowParts) {
    super(config, config.seed);
    this.latentShape = [...config.inputShape];
    this.numClasses = config.numClasses;
    this.likelihoodSpec = { kind: 'exact', dataSpace: config.preprocessing === 'dequantize-logit' ? 'dequantized' : 'continuous' };
    this.dataDim = sizeOf(config.inputShape);
    const parts = build({
      params: this.params.scope('transform'),
      baseParams: this.params.scope('base'),
      initialization: this.initialization,
      contextDim: config.numClasses,
    });
    this.actNorms = parts.actNorms ?? [];
    for (const item of parts.disposables ?? []) this.state.addDisposable(item);
    const preprocessing: Transform[] =
      config.preprocessing === 'dequantize-logit' ? [new UniformDequantization(256), new LogitTransform(config.logitAlpha)] : [];
    this.flow = new Flow(new CompositeTransform([...preprocessing, parts.transform]), parts.base);
    this.optimizer = this.state.addOptimizer('adam', createOptimizer(config.optimizer), () => this.params.trainableVariables);
  }

  /**
   * log p(x) in nats per example. For images ('dequantize-logit') this is log p of the dequantized
   * image minus D log 256 at one seeded noise draw: an unbiased estimate of a lower bound on the
   * log-probability of the 8-bit image (what RealNVP and Glow report). For a conditional flow
   * without labels it is the exact marginal log (1/K) sum_k p(x | k).
   */
  logProb(x: Tensor, options: FlowLogProbOptions = {}): Tensor1D {
    this.assertData(x);
    const seed = options.seed ?? DEFAULT_SEED;
    if (this.numClasses === 0) return this.flow.logProb(x, { seed });
    if (options.labels !== undefined) {
      return tf.tidy(() => this.flow.logProb(x, { seed, context: this.context(options.labels, x.shape[0], 'logProb') }));
    }
    return tf.tidy(() => {
      const perClass = Array.from({ length: this.numClasses }, (_, k) =>
        this.flow.logProb(x, { seed, context: this.context(new Array<number>(x.shape[0]).fill(k), x.shape[0], 'logProb') }),
      );
      return tf.sub(tf.logSumExp(tf.stack(perClass, 1), 1), Math.log(this.numClasses)) as Tensor1D;
    });
  }

  /** -log p(x) / (D ln 2) per example. */
  bitsPerDim(x: Tensor, options: FlowLogProbOptions = {}): Tensor1D {
    return tf.tidy(() => tf.div(tf.neg(this.logProb(x, options)), this.dataDim * Math.LN2) as Tensor1D);
  }

  /**
   * Anomaly score: the negative log-likelihood in nats per example (higher = less likely). Beware
   * the known failure (Nalisnick et al. 2019): flows trained on one image set can give simpler
   * unseen sets (e.g. MNIST after Fashion-MNIST) higher likelihood.
   */
  anomalyScore(x: Tensor, options: FlowLogProbOptions = {}): Tensor1D {
    return tf.tidy(() => tf.neg(this.logProb(x, options)) as Tensor1D);
  }

  /**
   * z = f(x), the latent of the same shape as x (dequantization noise at a fixed seed for images).
   * Conditional flows need labels.
   */
  encode(x: Tensor, options: FlowLogProbOptions = {}): Tensor {
    this.assertData(x);
    const context = this.context(options.labels, x.shape[0], 'encode');
    try {
      return this.flow.encode(x, { seed: options.seed ?? DEFAULT_SEED, context });
    } finally {
      context?.dispose();
    }
  }

  /** x = f^-1(z): images come back quantized to k / 255. Conditional flows need labels. */
  decode(z: Tensor, options: { labels?: Labels } = {}): Tensor {
    this.assertData(z);
    const context = this.context(options.labels, z.shape[0], 'decode');
    try {
      return this.flow.decode(z, { context });
    } finally {
      context?.dispose();
    }
  }

  /**
   * Draws x = f^-1(z), z ~ p_z at `temperature` (default 1). Conditional flows take
   * options.labels (one per sample); without labels the classes cycle 0, 1, ..., K-1.
   */
  sample(numSamples: number, options: SampleOptions = {}): Tensor {
    this.assertAlive();
    if (!Number.isInteger(numSamples) || numSamples < 1) {
      throw new FlowConfigError(`${this.modelType}: numSamples must be a positive integer, got ${numSamples}`);
    }
    const temperature = options.temperature ?? 1;
    if (!(temperature >= 0 && Number.isFinite(temperature))) {
      throw new FlowConfigError(`${this.modelType}: temperature must be a finite number >= 0, got ${temperature}`);
    }
    const context = this.context(sampleLabels(options.labels, numSamples, this.numClasses, `${this.modelType} sample`), numSamples, 'sample');
    try {
      return this.flow.sample(numSamples, { seed: options.seed ?? DEFAULT_SEED, temperature, context });
    } finally {
      context?.dispose();
    }
  }

  trainStep(batch: FlowBatch, context: StepContext): StepMetrics {
    const { x, labels } = splitBatch(batch, this.numClasses, this.modelType);
    this.assertData(x);
    const seed = deriveSeed(context.seed, 1);
    const oneHot = this.context(labels, x.shape[0], 'trainStep');
    try {
      if (!this.initializationDone) this.initializeActNorms(x, seed, oneHot);
      return trainStepFromLoss(this.optimizer, () => this.lossTerms(x, oneHot, seed, true), { clipNorm: this.config.clipNorm });
    } finally {
      oneHot?.dispose();
    }
  }

  evaluateStep(batch: FlowBatch, context?: StepContext): StepMetrics {
    const { x, labels } = splitBatch(batch, this.numClasses, this.modelType);
    this.assertData(x);
    const seed = context ? deriveSeed(context.seed, 2) : DEFAULT_SEED;
    return evaluateStepFromLoss(() => this.lossTerms(x, this.context(labels, x.shape[0], 'evaluateStep'), seed, false));
  }

  /** Mean bits/dim ('loss') and mean NLL in nats per example ('loss/nats'). */
  private lossTerms(x: Tensor, context: Tensor2D | undefined, seed: number, training: boolean): { loss: tf.Scalar; metrics: StepMetrics } {
    const logProb = this.flow.logProb(x, { seed, context, training });
    const nats = tf.neg(tf.mean(logProb)) as tf.Scalar;
    return { loss: tf.div(nats, this.dataDim * Math.LN2) as tf.Scalar, metrics: { 'loss/nats': nats } };
  }

  /**
   * Glow's data-dependent ActNorm initialization (Kingma & Dhariwal 2018, sec 3.1): one forward
   * pass over the first training batch with the switch on. Layers whose saved `initialized` flag
   * is set (a loaded checkpoint) are left alone. The flags are read from the layers' host mirrors.
   */
  private initializeActNorms(x: Tensor, seed: number, context: Tensor2D | undefined): void {
    if (this.actNorms.length > 0 && !this.actNorms.every((layer) => layer.isInitialized())) {
      this.initialization.active = true;
      try {
        tf.tidy(() => {
          this.flow.logProb(x, { seed, context, training: true });
        });
      } finally {
        this.initialization.active = false;
      }
    }
    this.initializationDone = true;
  }

  override setWeights(weights: tf.NamedTensorMap): void {
    super.setWeights(weights);
    // The loaded ActNorm flags decide whether initialization still has to run: read them into
    // the layers' host mirrors once here, so no training step reads them back.
    for (const layer of this.actNorms) layer.syncInitialized();
    this.initializationDone = false;
  }

  /**
   * The one-hot context [n, K] of a conditional flow for `labels` (required), or undefined for an
   * unconditional one (which refuses labels).
   */
  private context(labels: Labels | undefined, n: number, where: string): Tensor2D | undefined {
    if (this.numClasses === 0) {
      if (labels !== undefined) throw new FlowConfigError(`${this.modelType} ${where}: this flow is not class-conditional (numClasses 0); drop the labels`);
      return undefined;
    }
    if (labels === undefined) throw new FlowConfigError(`${this.modelType} ${where}: this flow is class-conditional; pass labels (one per example)`);
    return oneHotLabels(labels, n, this.numClasses, `${this.modelType} ${where}`);
  }

  private assertData(x: Tensor): void {
    this.assertAlive();
    const shape = this.config.inputShape;
    if (x.rank !== shape.length + 1 || shape.some((d, i) => x.shape[i + 1] !== d)) {
      throw new FlowConfigError(
        `${this.modelType}: expected a batch shaped [batch, ${shape.join(', ')}], got [${x.shape.join(', ')}]; check that the dataset matches the model's inputShape`,
      );
    }
  }
}
