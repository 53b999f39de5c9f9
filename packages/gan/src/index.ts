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
export { Generator } from './generator.js';
export type { GeneratorPass } from './generator.js';
export { Discriminator } from './discriminator.js';
export type { DiscriminatorOutput } from './discriminator.js';
