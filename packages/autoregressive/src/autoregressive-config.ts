/** Configuration fields shared by every autoregressive model, with validation helpers. */
import type { ModelConfig } from '@genmodels/core-nn';
import type { LikelihoodName } from './dimension-likelihood.js';

export interface AutoregressiveOptimizerConfig {
  readonly name: 'adam';
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export interface AutoregressiveConfig extends ModelConfig {
  /** Shape of one example: [D] for vectors, [height, width, 1] for images (NHWC, one channel). */
  readonly inputShape: readonly number[];
  /** The distribution of each dimension given the ones before it. */
  readonly likelihood: LikelihoodName;
  /** Mixture components for 'logistic-mixture' and 'gaussian-mixture'. */
  readonly numMixtureComponents: number;
  readonly optimizer: AutoregressiveOptimizerConfig;
  /** Global-norm gradient clipping threshold, or null for none. */
  readonly clipNorm: number | null;
  /** Seed of the weight initialization (and of MADE's random orderings). */
  readonly seed: number;
}

export const DEFAULT_OPTIMIZER: AutoregressiveOptimizerConfig = {
  name: 'adam',
  learningRate: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
};

export class AutoregressiveConfigError extends Error {
  override name = 'AutoregressiveConfigError';
}

export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export function requirePositiveInteger(model: string, key: string, value: unknown, example: string): void {
  if (!isPositiveInteger(value)) {
    throw new AutoregressiveConfigError(`${model} config: ${key} must be a positive integer (e.g. ${example}), got ${JSON.stringify(value)}`);
  }
}

export function requireIntegerList(model: string, key: string, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isPositiveInteger)) {
    throw new AutoregressiveConfigError(`${model} config: ${key} must be a non-empty list of positive integers, got ${JSON.stringify(value)}`);
  }
}

/**
 * Merges `input` over `defaults` (the optimizer merged key by key), checks modelType and the
 * shared fields, and returns the complete config. `likelihoods` lists what the model supports.
 */
export function resolveCommonConfig<C extends AutoregressiveConfig>(
  model: string,
  defaults: C,
  input: Partial<Omit<C, 'optimizer'>> & { optimizer?: Partial<AutoregressiveOptimizerConfig> },
  likelihoods: readonly LikelihoodName[],
): C {
  if (input.modelType !== undefined && input.modelType !== defaults.modelType) {
    throw new AutoregressiveConfigError(`${model} config: modelType must be '${defaults.modelType}', got ${JSON.stringify(input.modelType)}`);
  }
  const config = { ...defaults, ...input, modelType: defaults.modelType, optimizer: { ...defaults.optimizer, ...input.optimizer } } as C;
  const shape = config.inputShape;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every(isPositiveInteger)) {
    throw new AutoregressiveConfigError(
      `${model} config: inputShape must be a non-empty list of positive integers such as [784] or [28, 28, 1], got ${JSON.stringify(shape)}`,
    );
  }
  if (!likelihoods.includes(config.likelihood)) {
    throw new AutoregressiveConfigError(
      `${model} config: likelihood must be one of ${likelihoods.map((l) => `'${l}'`).join(', ')}, got ${JSON.stringify(config.likelihood)}`,
    );
  }
  requirePositiveInteger(model, 'numMixtureComponents', config.numMixtureComponents, '5');
  const { learningRate, beta1, beta2, epsilon } = config.optimizer;
  if (config.optimizer.name !== 'adam') {
    throw new AutoregressiveConfigError(`${model} config: optimizer.name must be 'adam', got ${JSON.stringify(config.optimizer.name)}`);
  }
  if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
    throw new AutoregressiveConfigError(
      `${model} config: optimizer needs learningRate > 0, 0 <= beta1, beta2 < 1 and epsilon > 0, got ${JSON.stringify(config.optimizer)}`,
    );
  }
  if (config.clipNorm !== null && !(typeof config.clipNorm === 'number' && config.clipNorm > 0)) {
    throw new AutoregressiveConfigError(`${model} config: clipNorm must be a positive number or null, got ${JSON.stringify(config.clipNorm)}`);
  }
  if (!Number.isInteger(config.seed)) {
    throw new AutoregressiveConfigError(`${model} config: seed must be an integer, got ${JSON.stringify(config.seed)}`);
  }
  return config;
}

/** For image models: checks inputShape is [height, width, 1]. */
export function requireImageShape(model: string, shape: readonly number[]): [number, number] {
  if (shape.length !== 3 || shape[2] !== 1) {
    throw new AutoregressiveConfigError(
      `${model} config: inputShape must be [height, width, 1] (one-channel NHWC images, e.g. [28, 28, 1]), got ${JSON.stringify(shape)}`,
    );
  }
  return [shape[0], shape[1]];
}
