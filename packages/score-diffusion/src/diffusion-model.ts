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
import type { NamedTensorMap, Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import type { GenerativeModel, InpaintingModel, LatentModel, SampleOptions, StepContext, StepMetrics } from '@genmodels/core-nn';
import { Parameters, createOptimizer, deriveSeed, getOptimizerState, minimize, setOptimizerState } from '@genmodels/core-nn';
import { guidedNetworkOutput } from './classifier-free-guidance.js';
import type { DDIMScheduler } from './ddim-scheduler.js';
import { type DenoiserNetwork, createDenoiserNetwork } from './denoiser-network.js';
import { type DenoiserOptions, type Denoiser, type DenoisingModel, checkBatchShape } from './denoising-model.js';
import { type DiffusionConfig, type DiffusionConfigInput, type DiffusionModelType, DiffusionConfigError, processOf, resolveDiffusionConfig } from './diffusion-config.js';
import { diffusionLoss } from './diffusion-loss.js';
import { NoiseProcess } from './noise-process.js';
import { ParameterEMA } from './parameter-ema.js';
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

/** A batch: images (or points), or { x, labels } for a class-conditional model. */
export type DiffusionBatch = Tensor | { x: Tensor; labels: Tensor };

/** Seed of evaluateStep when the caller gives no context. */
const EVALUATION_SEED = 20200;

export abstract class DiffusionModel implements GenerativeModel<DiffusionBatch, DiffusionConfig>, InpaintingModel, LatentModel, DenoisingModel {
  readonly specificationVersion = 'v1' as const;
  abstract readonly modelType: DiffusionModelType;
  readonly config: DiffusionConfig;
  readonly process: NoiseProcess;
  readonly latentShape: readonly number[];
  /** The number of classes (0 when unconditional). */
  readonly numClasses: number;

  protected readonly params: Parameters;
  private readonly network: DenoiserNetwork;
  private readonly ema: ParameterEMA | null;
  private readonly optimizer: tf.Optimizer;
  private disposed = false;

  protected constructor(modelType: DiffusionModelType, input: DiffusionConfigInput) {
    this.config = resolveDiffusionConfig(modelType, input);
    this.process = new NoiseProcess(processOf(this.config));
    this.latentShape = this.config.inputShape;
    this.numClasses = this.config.numClasses;
    this.params = new Parameters({ seed: this.config.seed });
    this.network = createDenoiserNetwork(this.params.scope('network'), this.config);
    this.ema = this.config.emaDecay === null ? null : new ParameterEMA(this.params, this.config.emaDecay);
    const { learningRate, beta1, beta2, epsilon } = this.config.optimizer;
    this.optimizer = createOptimizer({ name: 'adam', learningRate, beta1, beta2, epsilon });
  }

  get sampleShape(): readonly number[] {
    return this.config.inputShape;
  }

  get predictionType(): PredictionType {
    return this.config.predictionType;
  }

  /** The raw network output (live weights) for per-example float conditioning values (t or log sigma). */
  networkOutput(x: Tensor, conditioning: Tensor1D, labels?: Tensor1D): Tensor {
    this.checkAlive();
    return this.network.apply(x, conditioning, labels);
  }

  /**
   * The network as a pipeline's denoiser, with labels and guidance. With the EMA (the default when
   * the model keeps one), each call swaps the averaged weights in and back out, so a train step
   * between two pipeline steps always sees the live weights.
   */
  denoiser(options: DenoiserOptions = {}): Denoiser {
    this.checkAlive();
    const labels = this.labelValues(options.labels);
    const guidanceScale = options.guidanceScale ?? 0;
    const useEma = this.ema !== null && (options.useEma ?? true);
    return (x, timestep) => {
      this.checkAlive();
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

  private labelValues(labels: DenoiserOptions['labels']): Int32Array | null {
    if (labels === undefined) return null;
    if (this.numClasses === 0) throw new DiffusionConfigError(`${this.modelType}: labels given to an unconditional model (numClasses 0)`);
    const values = Array.from(labels instanceof tf.Tensor ? labels.dataSync() : labels);
    if (values.some((l) => !(Number.isInteger(l) && l >= 0 && l < this.numClasses))) {
      throw new DiffusionConfigError(`${this.modelType}: labels must be class indices in [0, ${this.numClasses - 1}]`);
    }
    return Int32Array.from(values);
  }

  // ---------------------------------------------------------------- training

  private splitBatch(batch: DiffusionBatch): { x: Tensor; labels: Tensor | null } {
    const { x, labels } = batch instanceof tf.Tensor ? { x: batch, labels: null } : batch;
    this.checkData(x);
    if (this.numClasses > 0 && !labels) {
      throw new DiffusionConfigError(`${this.modelType}: this model is class-conditional (numClasses ${this.numClasses}); give batches as { x, labels }`);
    }
    return { x, labels: this.numClasses > 0 ? labels : null };
  }

  private loss(batch: DiffusionBatch, seed: number): tf.Scalar {
    const { x, labels } = this.splitBatch(batch);
    return diffusionLoss(this.network, this.process, this.config, x, labels, seed);
  }

  trainStep(batch: DiffusionBatch, context: StepContext): StepMetrics {
    this.checkAlive();
    const metrics = minimize(this.optimizer, () => this.loss(batch, deriveSeed(context.seed, 1)), {
      varList: this.params.trainableVariables,
      clipNorm: this.config.clipNorm ?? undefined,
    });
    this.ema?.update();
    return metrics;
  }

  evaluateStep(batch: DiffusionBatch, context?: StepContext): StepMetrics {
    this.checkAlive();
    return { loss: tf.tidy(() => this.loss(batch, context ? deriveSeed(context.seed, 2) : EVALUATION_SEED)) };
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
    this.checkAlive();
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

  // ---------------------------------------------------------------- state

  getWeights(): NamedTensorMap {
    this.checkAlive();
    return this.params.getWeights();
  }

  setWeights(weights: NamedTensorMap): void {
    this.checkAlive();
    this.params.setWeights(weights);
  }

  getOptimizerState(): NamedTensorMap {
    this.checkAlive();
    return getOptimizerState(this.optimizer, 'adam');
  }

  setOptimizerState(state: NamedTensorMap): void {
    this.checkAlive();
    setOptimizerState(this.optimizer, 'adam', state, this.params.trainableVariables);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.optimizer.dispose();
    this.params.dispose();
  }

  protected checkAlive(): void {
    if (this.disposed) throw new Error(`${this.modelType}: the model was disposed; create a new one or load a checkpoint`);
  }

  protected checkData(x: Tensor): void {
    this.checkAlive();
    try {
      checkBatchShape(x, this.config.inputShape, this.modelType);
    } catch (error) {
      throw new DiffusionConfigError(`${(error as Error).message}; check that the dataset matches inputShape`);
    }
  }
}
