export { GAN } from './gan.js';
export type { GANBatch, GANSampleOptions } from './gan.js';
export { GAN_LOSSES, GAN_MODEL_TYPES, GANConfigError, GANConfigSchema, ganTypeDefaults, resolveGANConfig } from './gan-config.js';
export type {
  Conditioning,
  DiscriminatorNorm,
  GANArchitecture,
  GANConfig,
  GANConfigInput,
  GANLoss,
  GANModelType,
  GANOptimizerConfig,
  OutputActivation,
} from './gan-config.js';
export { discriminatorLoss, discriminatorReading, generatorLoss } from './gan-loss.js';
export { gradientPenalty } from './gradient-penalty.js';
export type { GradientPenaltyResult } from './gradient-penalty.js';
export { leakyRelu } from './leaky-relu.js';
export { Generator } from './generator.js';
export type { GeneratorPass } from './generator.js';
export { Discriminator } from './discriminator.js';
export type { DiscriminatorOutput } from './discriminator.js';
export { GeneratorEMA } from './generator-ema.js';
export { SpectralNorm } from './spectral-norm.js';
export { Linear } from './linear.js';
export type { LinearOptions } from './linear.js';
export { Conv2D } from './conv2d.js';
export type { ConvOptions } from './conv2d.js';
export { Conv2DTranspose } from './conv2d-transpose.js';
export type { ConvTransposeOptions } from './conv2d-transpose.js';
export { BatchNorm } from './batch-norm.js';
export type { BatchStatistics } from './batch-norm.js';
export { LayerNorm } from './layer-norm.js';
