/**
 * What DDPM and NCSN share, as a model in the sense of Hugging Face diffusers: the noise-conditional
 * network (denoiser-network), the noise process it was trained on, its loss (diffusion-loss), an
 * EMA of its weights and its optimizer; it owns its train step. Sampling, inpainting, DDIM
 * inversion, interpolation and Tweedie denoising are pipelines (src/pipelines) that take the model
 * as a DenoisingModel and a Scheduler; the methods here that the GenerativeModel spec and its
 * capabilities ask for (`sample`, `inpaint`, `encode`, `decode`) run those pipelines with a
 * scheduler built from the config's sampling defaults. DDPM and NCSN differ only in their process
 * (variance-preserving vs variance-exploding) and defaults.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import type { InpaintingModel, LabeledBatch, LatentModel, OptimizerSlot, SampleOptions, StepContext, StepMetrics } from '@genmodels/core-nn';
import {
  ExponentialMovingAverage,
  GenerativeModelBase,
  createOptimizer,
  deriveSeed,
  evaluateStepFromLoss,
  labelIndices,
  sampleLabels,
  splitBatch,
  trainStepFromLoss,
} from '@genmodels/core-nn';
import { guidedNetworkOutput } from './classifier-free-guidance.js';
import type { DDIMScheduler } from './ddim-scheduler.js';
import { type DenoiserNetwork, createDenoiserNetwork } from './denoiser-network.js';
import { type DenoiserOptions, type Denoiser, type DenoisingModel, checkBatchShape } from './denoising-model.js';
import { type DiffusionConfig, type DiffusionConfigInput, type DiffusionModelType, DiffusionConfigError, processOf, resolveDiffusionConfig } from './diffusion-config.js';
import { diffusionLoss } from './diffusion-loss.js';
import { NoiseProcess } from './noise-process.js';
import { ddimInversionSteps } from './pipelines/ddim-inversion-pipeline.js';
import { inpaintSteps } from './pipelines/inpaint-pipeline.js';
import { type PipelineStep, runPipelineSync } from './pipelines/pipeline-run.js';
import { sampleSteps } from './pipelines/sample-pipeline.js';
import type { PredictionType } from './prediction-type.js';
import type { Scheduler } from './scheduler.js';
import { type SchedulerSettings, createSchedulerFromConfig } from './scheduler-from-config.js';

/** Options of `sample`: the scheduler (an instance, or a name with settings over the config's defaults) and the denoiser's. */
export interface DiffusionSampleOptions extends SampleOptions, Omit<SchedulerSettings, 'scheduler'>, DenoiserOptions {
  readonly scheduler?: SchedulerSettings['scheduler'] | Scheduler;
  /** Called after every step (synchronously), e.g. to record a trajectory. */
  readonly onStep?: (step: PipelineStep) => void;
  readonly signal?: AbortSignal;
  /** Start from this sample (e.g. a DDIM latent from `encode`) instead of noise. */
  readonly initialSample?: Tensor;
}

export interface DiffusionInpaintOptions extends Omit<DiffusionSampleOptions, 'initialSample'> {
  /** RePaint resamplings per step (Lugmayr et al. 2022); 1 = replace known pixels only. */
  readonly resampleSteps?: number;
}

/** Options of `encode` and `decode`: deterministic DDIM without clipping, 50 steps by default. */
export interface DiffusionLatentOptions {
  readonly numInferenceSteps?: number;
  readonly useEma?: boolean;
}

/** A batch: images (or points), or { x, labels } for a class-conditional model (labels ignored by an unconditional one). */
export type DiffusionBatch = Tensor | LabeledBatch;

/** Seed of evaluateStep when the caller gives no context. */
const EVALUATION_SEED = 20200;

export abstract class DiffusionModel extends GenerativeModelBase<DiffusionBatch, DiffusionConfig> implements InpaintingModel, LatentModel, DenoisingModel {
  abstract override readonly modelType: DiffusionModelType;
  readonly process: NoiseProcess;
  readonly latentShape: readonly number[];
  /** The number of classes (0 when unconditional). */
  readonly numClasses: number;

  private readonly network: DenoiserNetwork;
  private readonly ema: ExponentialMovingAverage | null;
  private readonly optimizer: OptimizerSlot;

  protected constructor(modelType: DiffusionModelType, input: DiffusionConfigInput) {
    const config = resolveDiffusionConfig(modelType, input);
    super(config, config.seed);
    this.process = new NoiseProcess(processOf(this.config));
    this.latentShape = this.config.inputShape;
    this.numClasses = this.config.numClasses;
    this.network = createDenoiserNetwork(this.params.scope('network'), this.config);
    // Shadows `ema/<name>` and the update count `ema/updates` in the model's own weights, with
    // TensorFlow's warm-up (Ho et al. 2020 sample with an EMA of decay 0.9999).
    const emaScope = this.params.scope('ema');
    this.ema =
      this.config.emaDecay === null
        ? null
        : new ExponentialMovingAverage(this.params, { decay: this.config.emaDecay, shadows: emaScope, warmup: { params: emaScope, name: 'updates' } });
    const { learningRate, beta1, beta2, epsilon } = this.config.optimizer;
    // Slots saved under `adam/...`, the names of every stored checkpoint.
    this.optimizer = this.state.addOptimizer('adam', createOptimizer({ name: 'adam', learningRate, beta1, beta2, epsilon }), () => this.params.trainableVariables);
  }

  get sampleShape(): readonly number[] {
    return this.config.inputShape;
  }

  get predictionType(): PredictionType {
    return this.config.predictionType;
  }

  /** The raw network output (live weights) for per-example float conditioning values (t or log sigma). */
  networkOutput(x: Tensor, conditioning: Tensor1D, labels?: Tensor1D): Tensor {
    this.assertAlive();
    return this.network.apply(x, conditioning, labels);
  }

  /**
   * The network as a pipeline's denoiser, with labels and guidance. With the EMA (the default when
   * the model keeps one), each call swaps the averaged weights in and back out, so a train step
   * between two pipeline steps always sees the live weights.
   */
  denoiser(options: DenoiserOptions = {}): Denoiser {
    this.assertAlive();
    const labels = this.labelValues(options.labels);
    const guidanceScale = options.guidanceScale ?? 0;
    const useEma = this.ema !== null && (options.useEma ?? true);
    return (x, timestep) => {
      this.assertAlive();
      if (labels && labels.length !== x.shape[0]) {
        throw new DiffusionConfigError(`${this.modelType}: labels must be ${x.shape[0]} class indices in [0, ${this.numClasses - 1}], got ${labels.length}`);
      }
      const run = () =>
        tf.tidy(() => {
          const conditioning = tf.fill([x.shape[0]], this.process.conditioning(timestep)) as Tensor1D;
          return guidedNetworkOutput(this.network, x, conditioning, labels ? tf.tensor1d(labels, 'int32') : null, this.numClasses, guidanceScale);
        });
      return useEma ? this.ema!.withAveragedWeights(run) : run();
    };
  }

  /** The denoiser's labels, checked against numClasses; none (null) runs the network unconditionally (the "no label" class). */
  private labelValues(labels: DenoiserOptions['labels']): Int32Array | null {
    if (labels === undefined) return null;
    const count = labels instanceof tf.Tensor ? labels.shape[0] : labels.length;
    try {
      return Int32Array.from(sampleLabels(labels, count, this.numClasses, `${this.modelType} denoiser`)!);
    } catch (error) {
      throw new DiffusionConfigError((error as Error).message);
    }
  }

  // ---------------------------------------------------------------- training

  private loss(batch: DiffusionBatch, seed: number): tf.Scalar {
    const where = `${this.modelType} training batch`;
    const { x, labels } = splitBatch(batch, this.numClasses, where);
    this.checkData(x);
    const indices = labels === undefined ? null : labelIndices(labels, x.shape[0], this.numClasses, where);
    return diffusionLoss(this.network, this.process, this.config, x, indices, seed);
  }

  trainStep(batch: DiffusionBatch, context: StepContext): StepMetrics {
    this.assertAlive();
    const metrics = trainStepFromLoss(this.optimizer, () => this.loss(batch, deriveSeed(context.seed, 1)), { clipNorm: this.config.clipNorm });
    this.ema?.update();
    return metrics;
  }

  evaluateStep(batch: DiffusionBatch, context?: StepContext): StepMetrics {
    this.assertAlive();
    return evaluateStepFromLoss(() => this.loss(batch, context ? deriveSeed(context.seed, 2) : EVALUATION_SEED));
  }

  // ---------------------------------------------------------------- the spec's sampling methods, through the pipelines

  /** The scheduler of `options`: the instance given, or one built from the config's defaults and the settings given. */
  private schedulerOf(options: DiffusionSampleOptions): Scheduler {
    const { scheduler } = options;
    if (scheduler !== undefined && typeof scheduler === 'object') return scheduler;
    return createSchedulerFromConfig(this.config, { ...options, scheduler });
  }

  /** Deterministic DDIM (eta 0, no clipping): the map between data and DDIM latents. */
  private latentScheduler(options: DiffusionLatentOptions): DDIMScheduler {
    return createSchedulerFromConfig(this.config, { scheduler: 'ddim', eta: 0, clipSample: null, numInferenceSteps: options.numInferenceSteps ?? 50 }) as DDIMScheduler;
  }

  /** Draws samples with the configured (or given) scheduler: [n, ...inputShape]. */
  sample(numSamples: number, options: DiffusionSampleOptions = {}): Tensor {
    this.assertAlive();
    return runPipelineSync(sampleSteps(this, this.schedulerOf(options), numSamples, options), options);
  }

  /**
   * Fills the pixels where `mask` is 0 consistently with those where it is 1 (known pixels are
   * returned unchanged), with any scheduler (inpaint-pipeline).
   */
  inpaint(x: Tensor, mask: Tensor, options: DiffusionInpaintOptions = {}): Tensor {
    this.checkData(x);
    return runPipelineSync(inpaintSteps(this, this.schedulerOf(options), x, mask, options), options);
  }

  /** The DDIM latent of x (ddim-inversion-pipeline), 50 steps by default. */
  encode(x: Tensor, options: DiffusionLatentOptions = {}): Tensor {
    this.checkData(x);
    return runPipelineSync(ddimInversionSteps(this, this.latentScheduler(options), x, { useEma: options.useEma }));
  }

  /** Deterministic DDIM from a latent back to data: the inverse of `encode`. */
  decode(z: Tensor, options: DiffusionLatentOptions = {}): Tensor {
    this.checkData(z);
    return runPipelineSync(sampleSteps(this, this.latentScheduler(options), z.shape[0], { initialSample: z, useEma: options.useEma }));
  }

  protected checkData(x: Tensor): void {
    this.assertAlive();
    try {
      checkBatchShape(x, this.config.inputShape, this.modelType);
    } catch (error) {
      throw new DiffusionConfigError(`${(error as Error).message}; check that the dataset matches inputShape`);
    }
  }
}
