/**
 * Configuration of the VAE family (VAE, convolutional VAE, IWAE, conditional VAE). The defaults
 * of modelType 'vae' are the bench-spec `vae-mlp` network; the other model types change only
 * what makes them what they are.
 */
import type { ModelConfig } from '@genmodels/core-nn';
import type { Architecture } from './autoencoder-networks.js';
import {
  type AdamConfig,
  VAEConfigError,
  checkAdam,
  checkCommon,
  checkNetwork,
  checkNonNegative,
  checkObservation,
  isPositiveInteger,
} from './config-checks.js';
import type { Corruption } from './corrupt.js';
import type { KLWarmup } from './kl-warmup.js';
import type { ObservationModel } from './observation-model.js';

export { VAEConfigError } from './config-checks.js';

export type VAEOptimizerConfig = AdamConfig;

/** 'vae' (MLP), 'conv-vae' (convolutional), 'iwae' (trained on the K-sample bound), 'cvae' (conditional). */
export type VAEModelType = 'vae' | 'conv-vae' | 'iwae' | 'cvae';

export const VAE_MODEL_TYPES: readonly VAEModelType[] = ['vae', 'conv-vae', 'iwae', 'cvae'];

export interface VAEConfig extends ModelConfig {
  readonly modelType: VAEModelType;
  /** Shape of one example, e.g. [784] or [28, 28, 1]; the MLP flattens it, 'conv' needs [h, w, c]. */
  readonly inputShape: readonly number[];
  readonly latentDim: number;
  /** 'mlp' or 'conv' (stride-2 convolutions, then encoderUnits; decoderUnits, then transposed convolutions). */
  readonly architecture: Architecture;
  /** Hidden dense widths of the encoder, input side first (ReLU). May be empty (a linear map). */
  readonly encoderUnits: readonly number[];
  /** Hidden dense widths of the decoder, latent side first (ReLU). May be empty. */
  readonly decoderUnits: readonly number[];
  /** 'conv' only: channels of the stride-2 convolutions, input side first. */
  readonly convChannels: readonly number[];
  /** 'conv' only: kernel size of every convolution. */
  readonly kernelSize: number;
  /** p(x|z): 'bernoulli' (binary data), 'gaussian' (real data), 'discretized-logistic' (8-bit data in [0, 1]). */
  readonly observationModel: ObservationModel;
  /** For 'gaussian': 'learned' (one log-variance per data dimension) or a fixed variance. */
  readonly decoderVariance: 'learned' | number;
  /** Weight of the KL term (Higgins et al. 2017, beta-VAE); 1 gives the ELBO. */
  readonly beta: number;
  /** Linear KL warm-up from `start` to beta over `steps` training steps, or null. */
  readonly klWarmup: KLWarmup | null;
  /** Importance samples K of the training objective: 1 is the ELBO, K > 1 the IWAE bound (Burda et al. 2016). */
  readonly numImportanceSamples: number;
  /** Classes of a conditional VAE ('cvae'); 0 for the unconditional models. */
  readonly numClasses: number;
  /** Denoising VAE: corruption applied to the encoder's input during training, or null. */
  readonly denoising: Corruption | null;
  readonly optimizer: VAEOptimizerConfig;
  /** Global-norm gradient clipping threshold, or null for none. */
  readonly clipNorm: number | null;
  /** Seed of the weight initialization. */
  readonly seed: number;
}

export type VAEConfigInput = Partial<Omit<VAEConfig, 'optimizer'>> & {
  readonly optimizer?: Partial<VAEOptimizerConfig>;
};

/** The bench-spec vae-mlp network: 784 -> 512 -> 256 -> (mu, logvar of z32) -> 256 -> 512 -> 784 logits. */
export const VAE_DEFAULTS: VAEConfig = {
  modelType: 'vae',
  inputShape: [784],
  latentDim: 32,
  architecture: 'mlp',
  encoderUnits: [512, 256],
  decoderUnits: [256, 512],
  convChannels: [32, 64],
  kernelSize: 4,
  observationModel: 'bernoulli',
  decoderVariance: 'learned',
  beta: 1,
  klWarmup: null,
  numImportanceSamples: 1,
  numClasses: 0,
  denoising: null,
  optimizer: { name: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  clipNorm: null,
  seed: 1,
};

/** What each model type changes from VAE_DEFAULTS. */
const TYPE_DEFAULTS: Record<VAEModelType, Partial<VAEConfig>> = {
  vae: {},
  // conv 32 -> conv 64 (k4 s2) to 7x7x64, dense to (mu, logvar); mirrored decoder.
  'conv-vae': { inputShape: [28, 28, 1], architecture: 'conv', encoderUnits: [], decoderUnits: [] },
  // Burda et al. 2016 trained with K = 5 and K = 50; K = 5 keeps the step cheap.
  iwae: { numImportanceSamples: 5 },
  cvae: { numClasses: 10 },
};

/** Fills defaults (those of `input.modelType`, default 'vae') and validates, naming the wrong key. */
export function resolveVAEConfig(input: VAEConfigInput = {}): VAEConfig {
  const modelType = (input.modelType ?? 'vae') as VAEModelType;
  if (!VAE_MODEL_TYPES.includes(modelType)) {
    throw new VAEConfigError(`VAE config: modelType must be one of ${VAE_MODEL_TYPES.map((t) => `'${t}'`).join(', ')}, got ${JSON.stringify(modelType)}`);
  }
  const config: VAEConfig = {
    ...VAE_DEFAULTS,
    ...TYPE_DEFAULTS[modelType],
    ...input,
    modelType,
    optimizer: { ...VAE_DEFAULTS.optimizer, ...input.optimizer },
  };
  const where = 'VAE config';
  checkCommon(where, config);
  checkNetwork(where, config);
  checkObservation(where, config.observationModel, config.decoderVariance);
  checkNonNegative(where, 'beta', config.beta);
  if (config.klWarmup !== null) {
    const w = config.klWarmup;
    if (typeof w !== 'object' || !isPositiveInteger(w.steps) || !(typeof w.start === 'number' && w.start >= 0 && Number.isFinite(w.start))) {
      throw new VAEConfigError(`${where}: klWarmup must be null or { steps: positive integer, start: number >= 0 }, got ${JSON.stringify(w)}`);
    }
  }
  if (!isPositiveInteger(config.numImportanceSamples)) {
    throw new VAEConfigError(`${where}: numImportanceSamples must be a positive integer (1 = ELBO, e.g. 5 for IWAE), got ${JSON.stringify(config.numImportanceSamples)}`);
  }
  if (modelType === 'cvae') {
    if (!(isPositiveInteger(config.numClasses) && config.numClasses >= 2)) {
      throw new VAEConfigError(`${where}: a 'cvae' needs numClasses >= 2 (e.g. 10), got ${JSON.stringify(config.numClasses)}`);
    }
  } else if (config.numClasses !== 0) {
    throw new VAEConfigError(`${where}: numClasses is for modelType 'cvae' only; set modelType 'cvae' or numClasses 0`);
  }
  checkAdam(where, 'optimizer', config.optimizer);
  return config;
}
