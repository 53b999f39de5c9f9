/** Configuration of the MLP VAE, with the bench-spec `vae-mlp` network as the defaults. */
import type { ModelConfig } from '@genmodels/core-nn';
import type { ObservationModel } from './observation-model.js';

export interface VAEOptimizerConfig {
  readonly name: 'adam';
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export interface VAEConfig extends ModelConfig {
  readonly modelType: 'vae';
  /** Shape of one example, e.g. [784] or [28, 28, 1]; the MLP flattens it. */
  readonly inputShape: readonly number[];
  readonly latentDim: number;
  /** Hidden layer widths of the encoder, input side first (ReLU). */
  readonly encoderUnits: readonly number[];
  /** Hidden layer widths of the decoder, latent side first (ReLU). */
  readonly decoderUnits: readonly number[];
  /** p(x|z): 'bernoulli' for binary data (decoder outputs logits), 'gaussian' for real data. */
  readonly observationModel: ObservationModel;
  /**
   * For the Gaussian observation model: 'learned' (one log-variance per data dimension, trained)
   * or a fixed variance. Ignored for Bernoulli.
   */
  readonly decoderVariance: 'learned' | number;
  /** Weight of the KL term (Higgins et al. 2017, beta-VAE); 1 gives the ELBO. */
  readonly beta: number;
  readonly optimizer: VAEOptimizerConfig;
  /** Global-norm gradient clipping threshold, or null for none. */
  readonly clipNorm: number | null;
  /** Seed of the weight initialization. */
  readonly seed: number;
}

export type VAEConfigInput = Partial<Omit<VAEConfig, 'modelType' | 'optimizer'>> & {
  readonly modelType?: 'vae';
  readonly optimizer?: Partial<VAEOptimizerConfig>;
};

/** The bench-spec vae-mlp network: 784 -> 512 -> 256 -> (mu, logvar of z32) -> 256 -> 512 -> 784 logits. */
export const VAE_DEFAULTS: VAEConfig = {
  modelType: 'vae',
  inputShape: [784],
  latentDim: 32,
  encoderUnits: [512, 256],
  decoderUnits: [256, 512],
  observationModel: 'bernoulli',
  decoderVariance: 'learned',
  beta: 1,
  optimizer: { name: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  clipNorm: null,
  seed: 1,
};

export class VAEConfigError extends Error {
  override name = 'VAEConfigError';
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function checkUnits(key: string, units: unknown): void {
  if (!Array.isArray(units) || !units.every(isPositiveInteger)) {
    throw new VAEConfigError(`VAE config: ${key} must be a list of positive integers (layer widths), got ${JSON.stringify(units)}`);
  }
}

/** Fills defaults and validates, with an error that says which key is wrong and what is allowed. */
export function resolveVAEConfig(input: VAEConfigInput = {}): VAEConfig {
  const config: VAEConfig = {
    ...VAE_DEFAULTS,
    ...input,
    modelType: 'vae',
    optimizer: { ...VAE_DEFAULTS.optimizer, ...input.optimizer },
  };
  if (input.modelType !== undefined && input.modelType !== 'vae') {
    throw new VAEConfigError(`VAE config: modelType must be 'vae', got ${JSON.stringify(input.modelType)}`);
  }
  if (!Array.isArray(config.inputShape) || config.inputShape.length === 0 || !config.inputShape.every(isPositiveInteger)) {
    throw new VAEConfigError(
      `VAE config: inputShape must be a non-empty list of positive integers such as [784] or [28, 28, 1], got ${JSON.stringify(config.inputShape)}`,
    );
  }
  if (!isPositiveInteger(config.latentDim)) {
    throw new VAEConfigError(`VAE config: latentDim must be a positive integer (e.g. 32), got ${JSON.stringify(config.latentDim)}`);
  }
  checkUnits('encoderUnits', config.encoderUnits);
  checkUnits('decoderUnits', config.decoderUnits);
  if (config.observationModel !== 'bernoulli' && config.observationModel !== 'gaussian') {
    throw new VAEConfigError(`VAE config: observationModel must be 'bernoulli' or 'gaussian', got ${JSON.stringify(config.observationModel)}`);
  }
  const variance = config.decoderVariance;
  if (variance !== 'learned' && !(typeof variance === 'number' && variance > 0 && Number.isFinite(variance))) {
    throw new VAEConfigError(`VAE config: decoderVariance must be 'learned' or a positive number, got ${JSON.stringify(variance)}`);
  }
  if (!(typeof config.beta === 'number' && config.beta >= 0 && Number.isFinite(config.beta))) {
    throw new VAEConfigError(`VAE config: beta must be a finite number >= 0, got ${JSON.stringify(config.beta)}`);
  }
  const { learningRate, beta1, beta2, epsilon } = config.optimizer;
  if (config.optimizer.name !== 'adam') {
    throw new VAEConfigError(`VAE config: optimizer.name must be 'adam', got ${JSON.stringify(config.optimizer.name)}`);
  }
  if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
    throw new VAEConfigError(
      `VAE config: optimizer needs learningRate > 0, 0 <= beta1, beta2 < 1 and epsilon > 0, got ${JSON.stringify(config.optimizer)}`,
    );
  }
  if (config.clipNorm !== null && !(typeof config.clipNorm === 'number' && config.clipNorm > 0)) {
    throw new VAEConfigError(`VAE config: clipNorm must be a positive number or null, got ${JSON.stringify(config.clipNorm)}`);
  }
  if (!Number.isInteger(config.seed)) {
    throw new VAEConfigError(`VAE config: seed must be an integer, got ${JSON.stringify(config.seed)}`);
  }
  return config;
}
