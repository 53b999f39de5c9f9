/**
 * Configuration of the deterministic autoencoders: the plain / denoising autoencoder ('ae'), the
 * Wasserstein autoencoder with an MMD penalty ('wae') and the adversarial autoencoder ('aae').
 * They share the VAE's networks and observation models; the defaults of 'ae' mirror the
 * bench-spec vae-mlp network so the two can be compared directly.
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
  checkUnits,
} from './config-checks.js';
import type { Corruption } from './corrupt.js';
import type { ObservationModel } from './observation-model.js';

export type AutoencoderModelType = 'ae' | 'wae' | 'aae';

export const AUTOENCODER_MODEL_TYPES: readonly AutoencoderModelType[] = ['ae', 'wae', 'aae'];

/** Kernels of the WAE's MMD: inverse multiquadratics C / (C + |a - b|^2) or Gaussian exp(-|a - b|^2 / C). */
export type MMDKernel = 'imq' | 'rbf';

export interface AutoencoderConfig extends ModelConfig {
  readonly modelType: AutoencoderModelType;
  readonly inputShape: readonly number[];
  /** Dimension of the (deterministic) code z = E(x). */
  readonly latentDim: number;
  readonly architecture: Architecture;
  readonly encoderUnits: readonly number[];
  readonly decoderUnits: readonly number[];
  readonly convChannels: readonly number[];
  readonly kernelSize: number;
  /** The reconstruction loss is -log p(x | z = E(x)) under this observation model. */
  readonly observationModel: ObservationModel;
  readonly decoderVariance: 'learned' | number;
  /** Denoising autoencoder: corruption of the encoder's input during training, or null. */
  readonly denoising: Corruption | null;
  /** 'wae': lambda of the MMD penalty; 'aae': weight of the encoder's adversarial loss; ignored by 'ae'. */
  readonly regularizationWeight: number;
  /** 'wae' only: the MMD kernel. */
  readonly mmdKernel: MMDKernel;
  /** 'aae' only: hidden widths of the latent discriminator (ReLU). */
  readonly discriminatorUnits: readonly number[];
  /** 'ae' only: momentum of the running code moments that sample() draws from (ex-post density estimation). */
  readonly codeMomentum: number;
  readonly optimizer: AdamConfig;
  /** 'aae' only: optimizer of the discriminator. */
  readonly discriminatorOptimizer: AdamConfig;
  readonly clipNorm: number | null;
  readonly seed: number;
}

export type AutoencoderConfigInput = Partial<Omit<AutoencoderConfig, 'optimizer' | 'discriminatorOptimizer'>> & {
  readonly optimizer?: Partial<AdamConfig>;
  readonly discriminatorOptimizer?: Partial<AdamConfig>;
};

export const AUTOENCODER_DEFAULTS: AutoencoderConfig = {
  modelType: 'ae',
  inputShape: [784],
  latentDim: 32,
  architecture: 'mlp',
  encoderUnits: [512, 256],
  decoderUnits: [256, 512],
  convChannels: [32, 64],
  kernelSize: 4,
  observationModel: 'bernoulli',
  decoderVariance: 'learned',
  denoising: null,
  regularizationWeight: 0,
  mmdKernel: 'imq',
  discriminatorUnits: [256, 256],
  codeMomentum: 0.99,
  optimizer: { name: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  discriminatorOptimizer: { name: 'adam', learningRate: 1e-3, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 },
  clipNorm: null,
  seed: 1,
};

const TYPE_DEFAULTS: Record<AutoencoderModelType, Partial<AutoencoderConfig>> = {
  ae: {},
  // Tolstikhin et al. 2018 use an 8-dimensional code on MNIST with lambda = 10.
  wae: { latentDim: 8, regularizationWeight: 10 },
  aae: { latentDim: 8, regularizationWeight: 1 },
};

/** Fills defaults (those of `input.modelType`, default 'ae') and validates, naming the wrong key. */
export function resolveAutoencoderConfig(input: AutoencoderConfigInput = {}): AutoencoderConfig {
  const modelType = (input.modelType ?? 'ae') as AutoencoderModelType;
  if (!AUTOENCODER_MODEL_TYPES.includes(modelType)) {
    throw new VAEConfigError(
      `autoencoder config: modelType must be one of ${AUTOENCODER_MODEL_TYPES.map((t) => `'${t}'`).join(', ')}, got ${JSON.stringify(modelType)}`,
    );
  }
  const config: AutoencoderConfig = {
    ...AUTOENCODER_DEFAULTS,
    ...TYPE_DEFAULTS[modelType],
    ...input,
    modelType,
    optimizer: { ...AUTOENCODER_DEFAULTS.optimizer, ...input.optimizer },
    discriminatorOptimizer: { ...AUTOENCODER_DEFAULTS.discriminatorOptimizer, ...input.discriminatorOptimizer },
  };
  const where = `${modelType.toUpperCase()} config`;
  checkCommon(where, config);
  checkNetwork(where, config);
  checkObservation(where, config.observationModel, config.decoderVariance);
  checkNonNegative(where, 'regularizationWeight', config.regularizationWeight);
  if (config.mmdKernel !== 'imq' && config.mmdKernel !== 'rbf') {
    throw new VAEConfigError(`${where}: mmdKernel must be 'imq' or 'rbf', got ${JSON.stringify(config.mmdKernel)}`);
  }
  checkUnits(where, 'discriminatorUnits', config.discriminatorUnits);
  if (!(typeof config.codeMomentum === 'number' && config.codeMomentum >= 0 && config.codeMomentum < 1)) {
    throw new VAEConfigError(`${where}: codeMomentum must be a number in [0, 1), got ${JSON.stringify(config.codeMomentum)}`);
  }
  checkAdam(where, 'optimizer', config.optimizer);
  checkAdam(where, 'discriminatorOptimizer', config.discriminatorOptimizer);
  return config;
}
