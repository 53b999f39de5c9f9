/** Validation shared by the configs of this package: each error names the key and what is allowed. */
import type { Architecture, NetworkConfig } from './autoencoder-networks.js';
import { checkCorruption, type Corruption } from './corrupt.js';
import { OBSERVATION_MODELS, type ObservationModel } from './observation-model.js';

/** Every config error of this package (VAE, CVAE, autoencoders, WAE, AAE). */
export class VAEConfigError extends Error {
  override name = 'VAEConfigError';
}

export interface AdamConfig {
  readonly name: 'adam';
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export function checkUnits(where: string, key: string, units: unknown): void {
  if (!Array.isArray(units) || !units.every(isPositiveInteger)) {
    throw new VAEConfigError(`${where}: ${key} must be a list of positive integers (layer widths), got ${JSON.stringify(units)}`);
  }
}

export function checkNetwork(where: string, config: NetworkConfig): void {
  const { inputShape } = config;
  if (!Array.isArray(inputShape) || inputShape.length === 0 || !inputShape.every(isPositiveInteger)) {
    throw new VAEConfigError(
      `${where}: inputShape must be a non-empty list of positive integers such as [784] or [28, 28, 1], got ${JSON.stringify(inputShape)}`,
    );
  }
  const architectures: Architecture[] = ['mlp', 'conv'];
  if (!architectures.includes(config.architecture)) {
    throw new VAEConfigError(`${where}: architecture must be 'mlp' or 'conv', got ${JSON.stringify(config.architecture)}`);
  }
  checkUnits(where, 'encoderUnits', config.encoderUnits);
  checkUnits(where, 'decoderUnits', config.decoderUnits);
  if (config.architecture === 'conv') {
    checkUnits(where, 'convChannels', config.convChannels);
    if (config.convChannels.length === 0) throw new VAEConfigError(`${where}: convChannels must name at least one convolution, e.g. [32, 64]`);
    if (!isPositiveInteger(config.kernelSize)) throw new VAEConfigError(`${where}: kernelSize must be a positive integer, got ${JSON.stringify(config.kernelSize)}`);
    const factor = 2 ** config.convChannels.length;
    if (inputShape.length !== 3 || inputShape[0] % factor !== 0 || inputShape[1] % factor !== 0) {
      throw new VAEConfigError(
        `${where}: the 'conv' architecture needs inputShape [height, width, channels] with height and width divisible by ` +
          `2^${config.convChannels.length} = ${factor} (one halving per entry of convChannels), got ${JSON.stringify(inputShape)}; ` +
          `use fewer convChannels or architecture 'mlp'`,
      );
    }
  }
}

export function checkObservation(where: string, model: ObservationModel, decoderVariance: unknown): void {
  if (!OBSERVATION_MODELS.includes(model)) {
    throw new VAEConfigError(`${where}: observationModel must be 'bernoulli', 'gaussian' or 'discretized-logistic', got ${JSON.stringify(model)}`);
  }
  if (decoderVariance !== 'learned' && !(typeof decoderVariance === 'number' && decoderVariance > 0 && Number.isFinite(decoderVariance))) {
    throw new VAEConfigError(`${where}: decoderVariance must be 'learned' or a positive number, got ${JSON.stringify(decoderVariance)}`);
  }
}

export function checkAdam(where: string, key: string, optimizer: AdamConfig): void {
  const { learningRate, beta1, beta2, epsilon } = optimizer;
  if (optimizer.name !== 'adam') {
    throw new VAEConfigError(`${where}: ${key}.name must be 'adam', got ${JSON.stringify(optimizer.name)}`);
  }
  if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
    throw new VAEConfigError(
      `${where}: ${key} needs learningRate > 0, 0 <= beta1, beta2 < 1 and epsilon > 0, got ${JSON.stringify(optimizer)}`,
    );
  }
}

export function checkCommon(
  where: string,
  config: { latentDim: unknown; clipNorm: unknown; seed: unknown; denoising: Corruption | null },
): void {
  if (!isPositiveInteger(config.latentDim)) {
    throw new VAEConfigError(`${where}: latentDim must be a positive integer (e.g. 32), got ${JSON.stringify(config.latentDim)}`);
  }
  if (config.clipNorm !== null && !(typeof config.clipNorm === 'number' && config.clipNorm > 0)) {
    throw new VAEConfigError(`${where}: clipNorm must be a positive number or null, got ${JSON.stringify(config.clipNorm)}`);
  }
  if (!Number.isInteger(config.seed)) {
    throw new VAEConfigError(`${where}: seed must be an integer, got ${JSON.stringify(config.seed)}`);
  }
  if (config.denoising !== null) {
    try {
      checkCorruption(config.denoising, `${where}: denoising`);
    } catch (error) {
      throw new VAEConfigError(`${(error as Error).message} (or null for no corruption)`);
    }
  }
}

export function checkNonNegative(where: string, key: string, value: unknown): void {
  if (!(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
    throw new VAEConfigError(`${where}: ${key} must be a finite number >= 0, got ${JSON.stringify(value)}`);
  }
}
