// models
export { VAE } from './vae.js';
export type { BoundOptions, ElboTerms, ImportanceWeights, Posterior, VAEBatch } from './vae.js';
export { CVAE } from './cvae.js';
export { Autoencoder } from './autoencoder.js';
export type { CodePenalty } from './autoencoder.js';
export { WAE } from './wae.js';
export { AAE } from './aae.js';

// configs
export { VAE_DEFAULTS, VAE_MODEL_TYPES, VAEConfigError, VAEConfigSchema, resolveVAEConfig } from './vae-config.js';
export type { VAEConfig, VAEConfigInput, VAEModelType, VAEOptimizerConfig } from './vae-config.js';
export { AUTOENCODER_DEFAULTS, AUTOENCODER_MODEL_TYPES, AutoencoderConfigSchema, resolveAutoencoderConfig } from './autoencoder-config.js';
export type { AutoencoderConfig, AutoencoderConfigInput, AutoencoderModelType, MMDKernel } from './autoencoder-config.js';
export type { AdamConfig, NetworkConfig } from './config-fields.js';
export type { Architecture } from './autoencoder-networks.js';
export { Decoder, Encoder } from './autoencoder-networks.js';

// objectives and math
export { klWeight } from './kl-warmup.js';
export type { KLWarmup } from './kl-warmup.js';
export { CORRUPTION_KINDS, CorruptionSchema, corrupt } from './corrupt.js';
export type { Corruption, CorruptionKind } from './corrupt.js';
export {
  OBSERVATION_MODELS,
  bernoulliLogLikelihood,
  discretizedLogisticLogLikelihood,
  gaussianLogLikelihood,
} from './observation-model.js';
export type { ObservationModel } from './observation-model.js';
export { ObservationHead, describeObservationModel } from './observation-head.js';
export type { LikelihoodDescription } from './observation-head.js';
export {
  diagonalGaussianLogDensity,
  klToStandardNormal,
  reparameterize,
  standardNormalLogDensity,
} from './diagonal-gaussian.js';
export { maximumMeanDiscrepancy } from './mmd.js';
export { normalizeLabels, oneHotLabels } from './labels.js';
export type { LabeledBatch, Labels, LabelsArgument } from './labels.js';

// capabilities
export { interpolateLatents } from './interpolate-latents.js';
export type { InterpolationMethod } from './interpolate-latents.js';
export { latentGrid, normalQuantile } from './latent-grid.js';
export { iterativeInpaint } from './iterative-inpaint.js';
export type { IterativeInpaintOptions } from './iterative-inpaint.js';
export { anomalyScores, describeAnomalyScore } from './anomaly-scores.js';
export type { AnomalyScoreOptions } from './anomaly-scores.js';
export { rocAuc } from './roc-auc.js';
