/**
 * What DDPM and NCSN share: a noise-conditional denoiser (the UNet, or an MLP for points) trained
 * on a noise process by denoising (or sliced) score matching, sampled by any scheduler through
 * one loop, with EMA weights, class conditioning with classifier-free guidance, inpainting,
 * Tweedie denoising and DDIM-latent encoding. DDPM and NCSN differ only in their process
 * (variance-preserving vs variance-exploding) and defaults.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import type { GenerativeModel, InpaintingModel, LatentModel, SampleOptions, StepContext, StepMetrics } from '@genmodels/core-nn';
import { Parameters, createOptimizer, deriveSeed, getOptimizerState, minimize, setOptimizerState, stepSeeds } from '@genmodels/core-nn';
import { createScheduler, isSchedulerName, type CreateSchedulerOptions } from './create-scheduler.js';
import { DDIMScheduler } from './ddim-scheduler.js';
import {
  type DiffusionConfig,
  type DiffusionConfigInput,
  type DiffusionModelType,
  DiffusionConfigError,
  processOf,
  resolveDiffusionConfig,
  unetConfigOf,
} from './diffusion-config.js';
import { MLPDenoiser } from './mlp-denoiser.js';
import { type NoiseLevel, NoiseProcess } from './noise-process.js';
import { ParameterEMA } from './parameter-ema.js';
import { predictionTarget, toOriginalAndNoise } from './prediction-type.js';
import { runSamplingLoop, type SamplingStepInfo } from './sampling-loop.js';
import type { Scheduler, SchedulerName } from './scheduler.js';
import { UNet } from './unet.js';

/** Sampling options of DDPM and NCSN (each falls back to the model config). */
export interface DiffusionSampleOptions extends SampleOptions {
  readonly scheduler?: SchedulerName;
  /** DDPM/DDIM: steps; Langevin and predictor-corrector: noise levels. */
  readonly numInferenceSteps?: number;
  readonly eta?: number;
  readonly stepsPerLevel?: number;
  readonly stepSize?: number;
  readonly clipSample?: number | null;
  readonly correctorSteps?: number;
  readonly snr?: number;
  /** Classifier-free guidance weight w: (1 + w) eps(x, c) - w eps(x) (Ho & Salimans 2022). Default 0. */
  readonly guidanceScale?: number;
  /** Sample with the EMA weights (default true when the model keeps an EMA). */
  readonly useEma?: boolean;
  /** Called after every step with the current sample and x_0 estimate (e.g. to record a GIF). */
  readonly onStep?: (info: SamplingStepInfo) => void;
  /** Start from this sample (e.g. a DDIM latent from `encode`) instead of noise. */
  readonly initialSample?: Tensor;
}

export interface DiffusionInpaintOptions extends DiffusionSampleOptions {
  /** RePaint resamplings per step (Lugmayr et al. 2022); 1 = replace known pixels only. */
  readonly resampleSteps?: number;
}

/** A batch: images (or points), or { x, labels } for a class-conditional model. */
export type DiffusionBatch = Tensor | { x: Tensor; labels: Tensor };

/** Seed used when the caller gives none, so evaluation and sampling are reproducible. */
const DEFAULT_SEED = 20200;
/** Step of the central finite difference in sliced score matching (Pang et al. 2020). */
const FINITE_DIFFERENCE_STEP = 1e-2;

export abstract class DiffusionModel
  implements GenerativeModel<DiffusionBatch, DiffusionConfig>, InpaintingModel, LatentModel
{
  readonly specificationVersion = 'v1' as const;
  abstract readonly modelType: DiffusionModelType;
  readonly config: DiffusionConfig;
  readonly process: NoiseProcess;
  readonly latentShape: readonly number[];
  /** The number of classes (0 when unconditional). */
  readonly numClasses: number;

  protected readonly params: Parameters;
  private readonly network: UNet | MLPDenoiser;
  private readonly ema: ParameterEMA | null;
  private readonly optimizer: tf.Optimizer;
  private disposed = false;

  protected constructor(modelType: DiffusionModelType, input: DiffusionConfigInput) {
    this.config = resolveDiffusionConfig(modelType, input);
    this.process = new NoiseProcess(processOf(this.config));
    this.latentShape = this.config.inputShape;
    this.numClasses = this.config.numClasses;
    this.params = new Parameters({ seed: this.config.seed });
    const networkParams = this.params.scope('network');
    this.network =
      this.config.network === 'unet'
        ? new UNet(networkParams, unetConfigOf(this.config))
        : new MLPDenoiser(networkParams, {
            dataDim: this.config.inputShape[0],
            hiddenUnits: this.config.hiddenUnits,
            sinusoidalDim: this.config.sinusoidalDim,
          });
    this.ema = this.config.emaDecay === null ? null : new ParameterEMA(this.params, this.config.emaDecay);
    const { learningRate, beta1, beta2, epsilon } = this.config.optimizer;
    this.optimizer = createOptimizer({ name: 'adam', learningRate, beta1, beta2, epsilon });
  }

  /** The raw network output for per-example float conditioning values (t or log sigma). */
  networkOutput(x: Tensor, conditioning: Tensor1D, labels?: Tensor1D): Tensor {
    this.checkAlive();
    return this.network instanceof UNet ? this.network.apply(x, conditioning, labels) : this.network.apply(x, conditioning);
  }

  /** The network output at one training level for the whole batch, with optional guidance. */
  private denoiseAt(x: Tensor, t: number, labels: Tensor1D | null, guidanceScale: number): Tensor {
    return tf.tidy(() => {
      const batch = x.shape[0];
      const conditioning = tf.fill([batch], this.process.conditioning(t)) as Tensor1D;
      if (!labels) return this.networkOutput(x, conditioning);
      if (guidanceScale === 0) return this.networkOutput(x, conditioning, labels);
      const both = this.networkOutput(
        tf.concat([x, x], 0),
        tf.concat([conditioning, conditioning]) as Tensor1D,
        tf.concat([labels, tf.fill([batch], this.numClasses, 'int32')]) as Tensor1D,
      );
      const [conditional, unconditional] = tf.split(both, 2, 0);
      return tf.sub(tf.mul(conditional, 1 + guidanceScale), tf.mul(unconditional, guidanceScale));
    });
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

  /** The training objective on one batch with the randomness drawn from `seed`. */
  private lossTerms(batch: DiffusionBatch, seed: number): { loss: tf.Scalar; metrics: StepMetrics } {
    const { x, labels } = this.splitBatch(batch);
    const [levelSeed, noiseSeed, dropSeed, sliceSeed] = stepSeeds(seed, 4);
    const n = x.shape[0];
    const t = tf.randomUniform([n], 0, this.process.numLevels, 'int32', levelSeed) as Tensor1D;
    const noise = tf.randomNormal(x.shape, 0, 1, 'float32', noiseSeed);
    const xt = this.process.addNoise(x, noise, t);
    const conditioning = this.process.conditioningOf(t) as Tensor1D;
    let netLabels: Tensor1D | undefined;
    if (labels) {
      const drop = tf.less(tf.randomUniform([n], 0, 1, 'float32', dropSeed), this.config.classDropProbability);
      netLabels = tf.where(drop, tf.fill([n], this.numClasses, 'int32'), tf.cast(labels, 'int32')) as Tensor1D;
    }
    const broadcast = [n, ...new Array<number>(x.rank - 1).fill(1)];
    const a = tf.reshape(this.process.gather(this.process.signalScales, t), broadcast);
    const s = tf.reshape(this.process.gather(this.process.noiseStds, t), broadcast);
    if (this.config.objective === 'ssm') {
      return { loss: this.slicedScoreMatching(xt, conditioning, s, a, sliceSeed), metrics: {} };
    }
    const output = this.networkOutput(xt, conditioning, netLabels);
    const target = predictionTarget(this.config.predictionType, x, noise, a, s);
    const loss = tf.mean(tf.square(tf.sub(output, target))) as tf.Scalar;
    return { loss, metrics: {} };
  }

  /**
   * Sliced score matching on the perturbed data, weighted by s^2 (the NCSN weighting):
   * s^2 [ v^T (score(x + h v) - score(x - h v)) / (2h) + |score(x)|^2 / 2 ], v ~ N(0, I).
   */
  private slicedScoreMatching(xt: Tensor, conditioning: Tensor1D, s: Tensor, a: Tensor, seed: number): tf.Scalar {
    const h = FINITE_DIFFERENCE_STEP;
    const v = tf.randomNormal(xt.shape, 0, 1, 'float32', seed);
    const inputs = tf.concat([xt, tf.add(xt, tf.mul(v, h)), tf.sub(xt, tf.mul(v, h))], 0);
    const cond3 = tf.concat([conditioning, conditioning, conditioning]) as Tensor1D;
    const outputs = this.networkOutput(inputs, cond3);
    const s3 = tf.concat([s, s, s], 0);
    const a3 = tf.concat([a, a, a], 0);
    // score = -eps / s, from whatever the network predicts
    const eps = this.epsilonFromOutput(outputs, inputs, a3, s3);
    const score = tf.div(eps, tf.neg(s3));
    const [center, plus, minus] = tf.split(score, 3, 0);
    const axes = Array.from({ length: xt.rank - 1 }, (_, i) => i + 1);
    const trace = tf.div(tf.sum(tf.mul(v, tf.sub(plus, minus)), axes), 2 * h);
    const norm = tf.mul(tf.sum(tf.square(center), axes), 0.5);
    const weight = tf.reshape(tf.square(s), [xt.shape[0]]);
    return tf.mean(tf.mul(weight, tf.add(trace, norm))) as tf.Scalar;
  }

  private epsilonFromOutput(output: Tensor, sample: Tensor, a: Tensor, s: Tensor): Tensor {
    switch (this.config.predictionType) {
      case 'epsilon':
        return output;
      case 'x0':
        return tf.div(tf.sub(sample, tf.mul(a, output)), s);
      default: {
        const r = tf.add(tf.square(a), tf.square(s));
        return tf.div(tf.add(tf.mul(s, sample), tf.mul(a, output)), r);
      }
    }
  }

  trainStep(batch: DiffusionBatch, context: StepContext): StepMetrics {
    this.checkAlive();
    const metrics = minimize(this.optimizer, () => this.lossTerms(batch, deriveSeed(context.seed, 1)), {
      varList: this.params.trainableVariables,
      clipNorm: this.config.clipNorm ?? undefined,
    });
    this.ema?.update();
    return metrics;
  }

  evaluateStep(batch: DiffusionBatch, context?: StepContext): StepMetrics {
    this.checkAlive();
    return tf.tidy(() => {
      const { loss, metrics } = this.lossTerms(batch, context ? deriveSeed(context.seed, 2) : DEFAULT_SEED);
      return { loss, ...metrics };
    });
  }

  // ---------------------------------------------------------------- sampling

  /** A scheduler for this model's process, the config's sampling defaults overridden by `options`. */
  createScheduler(options: DiffusionSampleOptions = {}): Scheduler {
    const name = options.scheduler ?? this.config.scheduler;
    if (!isSchedulerName(name)) {
      throw new DiffusionConfigError(`${this.modelType}: unknown scheduler ${JSON.stringify(name)}; use ddpm, ddim, langevin or pc`);
    }
    const settings: CreateSchedulerOptions = {
      process: processOf(this.config),
      predictionType: this.config.predictionType,
      clipSample: options.clipSample !== undefined ? options.clipSample : this.config.clipSample,
      eta: options.eta ?? this.config.eta,
      stepsPerLevel: options.stepsPerLevel ?? this.config.stepsPerLevel,
      stepSize: options.stepSize ?? this.config.stepSize,
      correctorSteps: options.correctorSteps,
      snr: options.snr,
    };
    const scheduler = createScheduler(name, settings);
    const defaultSteps = name === this.config.scheduler ? this.config.numInferenceSteps : name === 'ddim' ? 50 : name === 'ddpm' ? this.process.numLevels : 10;
    scheduler.setTimesteps(Math.min(options.numInferenceSteps ?? defaultSteps, this.process.numLevels));
    return scheduler;
  }

  private labelTensor(options: SampleOptions, n: number): Tensor1D | null {
    if (options.labels === undefined) return null;
    if (this.numClasses === 0) throw new DiffusionConfigError(`${this.modelType}: labels given to an unconditional model (numClasses 0)`);
    const labels = options.labels instanceof tf.Tensor ? tf.cast(options.labels, 'int32') : tf.tensor1d(Array.from(options.labels), 'int32');
    const values = labels.dataSync();
    if (labels.shape[0] !== n || Array.from(values).some((l) => !(Number.isInteger(l) && l >= 0 && l < this.numClasses))) {
      labels.dispose();
      throw new DiffusionConfigError(`${this.modelType}: labels must be ${n} class indices in [0, ${this.numClasses - 1}]`);
    }
    return labels as Tensor1D;
  }

  /** Runs `fn` with the EMA weights when the model keeps them. */
  protected withEma<T>(fn: () => T): T {
    return this.ema ? this.ema.withAveragedWeights(fn) : fn();
  }

  /** Runs `fn` with the EMA weights unless told otherwise. */
  private withSamplingWeights<T>(options: DiffusionSampleOptions, fn: () => T): T {
    return this.ema && (options.useEma ?? true) ? this.ema.withAveragedWeights(fn) : fn();
  }

  private generate(shape: number[], options: DiffusionInpaintOptions, inpaint?: { known: Tensor; mask: Tensor }): Tensor {
    this.checkAlive();
    const scheduler = this.createScheduler(options);
    const labels = this.labelTensor(options, shape[0]);
    const guidance = options.guidanceScale ?? 0;
    try {
      return this.withSamplingWeights(options, () =>
        runSamplingLoop(scheduler, (x, t) => this.denoiseAt(x, t, labels, guidance), shape, {
          seed: options.seed ?? DEFAULT_SEED,
          initialSample: options.initialSample,
          onStep: options.onStep,
          inpaint: inpaint ? { ...inpaint, resampleSteps: options.resampleSteps } : undefined,
        }),
      );
    } finally {
      labels?.dispose();
    }
  }

  /** Draws samples with the configured (or given) scheduler: [n, ...inputShape]. */
  sample(numSamples: number, options: DiffusionSampleOptions = {}): Tensor {
    if (!Number.isInteger(numSamples) || numSamples < 1) throw new DiffusionConfigError(`${this.modelType}: numSamples must be a positive integer, got ${numSamples}`);
    return this.generate([numSamples, ...this.config.inputShape], options);
  }

  /**
   * Fills the pixels where `mask` is 0 consistently with those where it is 1 (known pixels are
   * returned unchanged): known pixels are replaced by q(x_t | x_known) before each step, with
   * optional RePaint resampling (Lugmayr et al. 2022). Works with every scheduler.
   */
  inpaint(x: Tensor, mask: Tensor, options: DiffusionInpaintOptions = {}): Tensor {
    this.checkData(x);
    return this.generate([...x.shape], options, { known: x, mask });
  }

  /**
   * Tweedie's formula (Efron 2011; Robbins 1956): for y = x + sigma n with known sigma, the
   * posterior mean E[x | y] = y + sigma^2 grad log p_sigma(y) = y - sigma eps(y). The level is
   * matched exactly through the network's continuous conditioning: log sigma for NCSN; for DDPM the
   * fractional t with s_t / a_t = sigma, on input a_t y.
   */
  denoise(y: Tensor, sigma: number, options: { useEma?: boolean; labels?: readonly number[] | Tensor1D } = {}): Tensor {
    this.checkData(y);
    if (!(sigma > 0 && Number.isFinite(sigma))) throw new DiffusionConfigError(`denoise: sigma must be a positive number, got ${sigma}`);
    const { conditioning, level } = this.continuousLevel(sigma);
    const labels = this.labelTensor(options, y.shape[0]);
    try {
      return this.withSamplingWeights(options, () =>
        tf.tidy(() => {
          const xt = tf.mul(y, level.signalScale);
          const cond = tf.fill([y.shape[0]], conditioning) as Tensor1D;
          const output = this.networkOutput(xt, cond, labels ?? undefined);
          const { x0, eps } = toOriginalAndNoise(this.config.predictionType, output, xt, level);
          eps.dispose();
          return x0;
        }),
      );
    } finally {
      labels?.dispose();
    }
  }

  /** The conditioning value and (a, s) of noise std `sigma` in data units (y = x + sigma n). */
  continuousLevel(sigma: number): { conditioning: number; level: NoiseLevel } {
    if (!this.process.isVariancePreserving) return { conditioning: Math.log(sigma), level: { signalScale: 1, noiseStd: sigma } };
    // s_t / a_t increases with t; find the fractional t by linear interpolation of log(s/a).
    const ratio = (t: number) => this.process.noiseStds[t] / this.process.signalScales[t];
    const T = this.process.numLevels;
    if (sigma <= ratio(0) || sigma >= ratio(T - 1)) {
      throw new DiffusionConfigError(
        `denoise: sigma ${sigma} is outside the trained noise range [${ratio(0).toPrecision(3)}, ${ratio(T - 1).toPrecision(3)}] (data units)`,
      );
    }
    let t = 0;
    while (ratio(t + 1) < sigma) t++;
    const f = (Math.log(sigma) - Math.log(ratio(t))) / (Math.log(ratio(t + 1)) - Math.log(ratio(t)));
    const alphaBar = 1 / (1 + sigma * sigma);
    return { conditioning: t + f, level: { signalScale: Math.sqrt(alphaBar), noiseStd: Math.sqrt(1 - alphaBar) } };
  }

  /**
   * The DDIM latent of x (Song et al. 2021, sec. 4.3 and 5.4): the deterministic (eta = 0) ODE run
   * backwards from the data to the noisiest level in `numInferenceSteps` steps (default 50).
   */
  encode(x: Tensor, options: { numInferenceSteps?: number; useEma?: boolean } = {}): Tensor {
    this.checkData(x);
    const scheduler = this.ddim(options.numInferenceSteps);
    const steps = [...scheduler.timesteps].reverse();
    return this.withSamplingWeights(options, () => {
      // Start from the data treated as the least-noisy level (a_t ~ 1, s_t ~ 0).
      let z = tf.clone(x);
      for (let i = 0; i < steps.length; i++) {
        const from = this.process.level(steps[i]);
        const to = i + 1 < steps.length ? this.process.level(steps[i + 1]) : null;
        if (!to) break;
        const current = z;
        z = tf.tidy(() => {
          const output = this.denoiseAt(current, steps[i], null, 0);
          return scheduler.invertStep(output, current, from, to);
        });
        current.dispose();
      }
      return z;
    });
  }

  /** DDIM (eta = 0) from a latent back to data: the inverse of `encode`. */
  decode(z: Tensor, options: { numInferenceSteps?: number; useEma?: boolean } = {}): Tensor {
    this.checkData(z);
    return this.generate([...z.shape], { scheduler: 'ddim', eta: 0, numInferenceSteps: this.ddim(options.numInferenceSteps).timesteps.length, initialSample: z, useEma: options.useEma });
  }

  private ddim(numInferenceSteps = 50): DDIMScheduler {
    const scheduler = new DDIMScheduler({ process: processOf(this.config), predictionType: this.config.predictionType, clipSample: null, eta: 0 });
    scheduler.setTimesteps(Math.min(numInferenceSteps, this.process.numLevels));
    return scheduler;
  }

  /**
   * Interpolates between two images through their DDIM latents with spherical interpolation
   * (Song et al. 2021, sec. 5.4): [numPoints, ...inputShape], the endpoints included.
   */
  interpolate(a: Tensor, b: Tensor, numPoints: number, options: { numInferenceSteps?: number; useEma?: boolean } = {}): Tensor {
    if (!(Number.isInteger(numPoints) && numPoints >= 2)) throw new DiffusionConfigError(`interpolate: numPoints must be an integer >= 2, got ${numPoints}`);
    const pair = tf.concat([a, b], 0);
    const latents = this.encode(pair, options);
    const path = tf.tidy(() => {
      const [za, zb] = tf.split(latents, 2, 0);
      const cos = tf.div(tf.sum(tf.mul(za, zb)), tf.mul(tf.norm(za), tf.norm(zb))).dataSync()[0];
      const theta = Math.acos(Math.min(1, Math.max(-1, cos)));
      const points = Array.from({ length: numPoints }, (_, i) => {
        const u = i / (numPoints - 1);
        if (theta < 1e-6) return tf.add(tf.mul(za, 1 - u), tf.mul(zb, u));
        return tf.add(tf.mul(za, Math.sin((1 - u) * theta) / Math.sin(theta)), tf.mul(zb, Math.sin(u * theta) / Math.sin(theta)));
      });
      return tf.concat(points, 0);
    });
    tf.dispose([pair, latents]);
    try {
      return this.decode(path, options);
    } finally {
      path.dispose();
    }
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
    const shape = this.config.inputShape;
    if (x.rank !== shape.length + 1 || shape.some((d, i) => x.shape[i + 1] !== d)) {
      throw new DiffusionConfigError(
        `${this.modelType}: expected data shaped [batch, ${shape.join(', ')}], got [${x.shape.join(', ')}]; check that the dataset matches inputShape`,
      );
    }
  }
}
