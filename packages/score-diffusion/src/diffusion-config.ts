/**
 * Configuration of the DDPM and NCSN models: complete and JSON-serializable, flat so that every
 * key can be set from the command line (`--set channels=[16,32]`). The defaults are the bench-spec
 * ddpm and ncsn tasks.
 */
import type { ModelConfig } from '@genmodels/core-nn';
import { BETA_SCHEDULES, type BetaScheduleName } from './beta-schedule.js';
import { type NoiseProcessConfig, validateNoiseProcessConfig } from './noise-process.js';
import { checkPredictionType, type PredictionType } from './prediction-type.js';
import { SCHEDULER_NAMES, type SchedulerName } from './scheduler.js';
import { validateUNetConfig, type UNetConfig, UNET_DEFAULTS } from './unet.js';

export type DiffusionModelType = 'ddpm' | 'ncsn';

/**
 * - 'dsm': denoising score matching (Vincent 2011), as eps-MSE: || eps_theta(a x + s eps) - eps ||^2, which
 *   for NCSN is the sigma^2-weighted DSM loss of Song & Ermon 2019 and for DDPM Ho et al.'s L_simple
 *   (with predictionType 'x0' or 'v' the target changes accordingly).
 * - 'ssm': sliced (implicit) score matching, E[ s^2 (v^T grad_x (v^T score) + |score|^2 / 2) ] on the
 *   perturbed data (Hyvarinen 2005; Song et al. 2019, "Sliced Score Matching"), with the
 *   directional derivative by central finite differences (Pang et al. 2020); for low-dimensional data.
 */
export type ScoreObjective = 'dsm' | 'ssm';

export interface DiffusionOptimizerConfig {
  readonly name: 'adam';
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export interface DiffusionConfig extends ModelConfig {
  readonly modelType: DiffusionModelType;
  /** [height, width, channels] for the UNet, [dim] for the MLP. */
  readonly inputShape: readonly number[];
  /** 'unet' for images, 'mlp' for low-dimensional points. */
  readonly network: 'unet' | 'mlp';
  // UNet
  readonly channels: readonly number[];
  readonly numResBlocks: number;
  readonly groups: number;
  readonly attentionResolutions: readonly number[];
  // MLP
  readonly hiddenUnits: readonly number[];
  // both
  readonly sinusoidalDim: number;
  readonly embeddingDim: number;
  // noise process: variance-preserving (ddpm) ...
  readonly numTrainTimesteps: number;
  readonly betaSchedule: BetaScheduleName;
  readonly betaStart: number;
  readonly betaEnd: number;
  // ... or variance-exploding (ncsn)
  readonly numLevels: number;
  readonly sigmaMin: number;
  readonly sigmaMax: number;
  readonly predictionType: PredictionType;
  readonly objective: ScoreObjective;
  /** Classes for class conditioning (0 = unconditional). */
  readonly numClasses: number;
  /** Probability of dropping the label in training, for classifier-free guidance (Ho & Salimans 2022). */
  readonly classDropProbability: number;
  /** EMA decay of the weights used for sampling, or null to sample with the live weights. */
  readonly emaDecay: number | null;
  // sampling defaults (each can be overridden per call)
  readonly scheduler: SchedulerName;
  readonly numInferenceSteps: number;
  readonly eta: number;
  readonly stepsPerLevel: number;
  readonly stepSize: number;
  readonly clipSample: number | null;
  /** Timesteps of the Monte Carlo estimate of the variational bound (DDPM). */
  readonly boundTimesteps: number;
  readonly optimizer: DiffusionOptimizerConfig;
  readonly clipNorm: number | null;
  readonly seed: number;
}

export type DiffusionConfigInput = Partial<Omit<DiffusionConfig, 'optimizer'>> & {
  readonly optimizer?: Partial<DiffusionOptimizerConfig>;
};

const SHARED_DEFAULTS = {
  inputShape: [28, 28, 1],
  network: 'unet',
  channels: UNET_DEFAULTS.channels,
  numResBlocks: UNET_DEFAULTS.numResBlocks,
  groups: UNET_DEFAULTS.groups,
  attentionResolutions: UNET_DEFAULTS.attentionResolutions,
  hiddenUnits: [128, 128],
  sinusoidalDim: UNET_DEFAULTS.sinusoidalDim,
  embeddingDim: UNET_DEFAULTS.embeddingDim,
  numTrainTimesteps: 1000,
  betaSchedule: 'linear',
  betaStart: 1e-4,
  betaEnd: 0.02,
  numLevels: 10,
  sigmaMin: 0.01,
  sigmaMax: 1,
  predictionType: 'epsilon',
  objective: 'dsm',
  numClasses: 0,
  classDropProbability: 0.1,
  emaDecay: 0.999,
  eta: 0,
  stepsPerLevel: 10,
  stepSize: 5e-5,
  clipSample: 1,
  boundTimesteps: 50,
  clipNorm: 1,
  seed: 1,
} as const;

/** bench-spec ddpm: the UNet, T = 1000 linear betas 1e-4 .. 0.02, epsilon MSE, Adam 2e-4. */
export const DDPM_DEFAULTS: DiffusionConfig = {
  ...SHARED_DEFAULTS,
  modelType: 'ddpm',
  scheduler: 'ddpm',
  numInferenceSteps: 1000,
  optimizer: { name: 'adam', learningRate: 2e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
};

/** bench-spec ncsn: the UNet on log sigma, 10 sigmas geometric 1 .. 0.01, sigma^2-weighted DSM, Adam 1e-3. */
export const NCSN_DEFAULTS: DiffusionConfig = {
  ...SHARED_DEFAULTS,
  modelType: 'ncsn',
  scheduler: 'langevin',
  numInferenceSteps: 10,
  optimizer: { name: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
};

export class DiffusionConfigError extends Error {
  override name = 'DiffusionConfigError';
}

/** The noise process a config trains on: variance-preserving for DDPM, variance-exploding for NCSN. */
export function processOf(config: DiffusionConfig): NoiseProcessConfig {
  return config.modelType === 'ddpm'
    ? {
        type: 'variance-preserving',
        numTrainTimesteps: config.numTrainTimesteps,
        betaSchedule: config.betaSchedule,
        betaStart: config.betaStart,
        betaEnd: config.betaEnd,
      }
    : { type: 'variance-exploding', numLevels: config.numLevels, sigmaMin: config.sigmaMin, sigmaMax: config.sigmaMax };
}

/** The UNet config of an image model. */
export function unetConfigOf(config: DiffusionConfig): UNetConfig {
  const [h, w, c] = config.inputShape;
  return {
    imageShape: [h, w, c],
    channels: config.channels,
    numResBlocks: config.numResBlocks,
    groups: config.groups,
    sinusoidalDim: config.sinusoidalDim,
    embeddingDim: config.embeddingDim,
    attentionResolutions: config.attentionResolutions,
    numClasses: config.numClasses,
  };
}

/** Fills defaults for `modelType` and validates, with an error naming the key and what is allowed. */
export function resolveDiffusionConfig(modelType: DiffusionModelType, input: DiffusionConfigInput = {}): DiffusionConfig {
  const defaults = modelType === 'ddpm' ? DDPM_DEFAULTS : NCSN_DEFAULTS;
  const where = `${modelType.toUpperCase()} config`;
  const fail = (message: string): never => {
    throw new DiffusionConfigError(`${where}: ${message}`);
  };
  if (input.modelType !== undefined && input.modelType !== modelType) fail(`modelType must be '${modelType}', got ${JSON.stringify(input.modelType)}`);
  const config: DiffusionConfig = { ...defaults, ...input, modelType, optimizer: { ...defaults.optimizer, ...input.optimizer } };
  const shape = config.inputShape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    fail(`inputShape must be a list of positive integers, got ${JSON.stringify(shape)}`);
  }
  if (config.network === 'unet') {
    if (shape.length !== 3) fail(`the UNet needs inputShape [height, width, channels], got ${JSON.stringify(shape)}; use network 'mlp' for points`);
    try {
      validateUNetConfig(unetConfigOf(config), where);
    } catch (error) {
      fail((error as Error).message.replace(`${where}: `, ''));
    }
  } else if (config.network === 'mlp') {
    if (shape.length !== 1) fail(`the MLP needs inputShape [dim], got ${JSON.stringify(shape)}; use network 'unet' for images`);
    if (!Array.isArray(config.hiddenUnits) || config.hiddenUnits.length === 0 || !config.hiddenUnits.every((u) => Number.isInteger(u) && u > 0)) {
      fail(`hiddenUnits must be a non-empty list of positive integers, got ${JSON.stringify(config.hiddenUnits)}`);
    }
    if (config.numClasses > 0) fail('class conditioning needs network \'unet\'; set numClasses to 0 for the MLP');
  } else {
    fail(`network must be 'unet' or 'mlp', got ${JSON.stringify(config.network)}`);
  }
  if (!BETA_SCHEDULES.includes(config.betaSchedule)) fail(`betaSchedule must be 'linear' or 'cosine', got ${JSON.stringify(config.betaSchedule)}`);
  try {
    validateNoiseProcessConfig(processOf(config));
    checkPredictionType(config.predictionType, where);
  } catch (error) {
    fail((error as Error).message);
  }
  if (config.objective !== 'dsm' && config.objective !== 'ssm') fail(`objective must be 'dsm' or 'ssm', got ${JSON.stringify(config.objective)}`);
  if (config.objective === 'ssm' && config.network !== 'mlp') fail("objective 'ssm' is for low-dimensional data: use network 'mlp'");
  if (!(Number.isInteger(config.numClasses) && config.numClasses >= 0)) fail(`numClasses must be an integer >= 0, got ${JSON.stringify(config.numClasses)}`);
  if (!(config.classDropProbability >= 0 && config.classDropProbability < 1)) {
    fail(`classDropProbability must be in [0, 1), got ${JSON.stringify(config.classDropProbability)}`);
  }
  if (config.emaDecay !== null && !(config.emaDecay >= 0 && config.emaDecay < 1)) fail(`emaDecay must be in [0, 1) or null, got ${JSON.stringify(config.emaDecay)}`);
  if (!SCHEDULER_NAMES.includes(config.scheduler)) fail(`scheduler must be one of ${SCHEDULER_NAMES.join(', ')}, got ${JSON.stringify(config.scheduler)}`);
  for (const key of ['numInferenceSteps', 'stepsPerLevel', 'boundTimesteps'] as const) {
    if (!(Number.isInteger(config[key]) && config[key] > 0)) fail(`${key} must be a positive integer, got ${JSON.stringify(config[key])}`);
  }
  if (!(config.eta >= 0)) fail(`eta must be >= 0, got ${JSON.stringify(config.eta)}`);
  if (!(config.stepSize > 0)) fail(`stepSize must be positive, got ${JSON.stringify(config.stepSize)}`);
  if (config.clipSample !== null && !(config.clipSample > 0)) fail(`clipSample must be positive or null, got ${JSON.stringify(config.clipSample)}`);
  const { learningRate, beta1, beta2, epsilon, name } = config.optimizer;
  if (name !== 'adam') fail(`optimizer.name must be 'adam', got ${JSON.stringify(name)}`);
  if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
    fail(`optimizer needs learningRate > 0, 0 <= beta1, beta2 < 1 and epsilon > 0, got ${JSON.stringify(config.optimizer)}`);
  }
  if (config.clipNorm !== null && !(config.clipNorm > 0)) fail(`clipNorm must be positive or null, got ${JSON.stringify(config.clipNorm)}`);
  if (!Number.isInteger(config.seed)) fail(`seed must be an integer, got ${JSON.stringify(config.seed)}`);
  return config;
}
