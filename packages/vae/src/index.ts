export { VAE } from './vae.js';
export type { ElboTerms, Posterior } from './vae.js';
export { VAE_DEFAULTS, VAEConfigError, resolveVAEConfig } from './vae-config.js';
export type { VAEConfig, VAEConfigInput, VAEOptimizerConfig } from './vae-config.js';
export { bernoulliLogLikelihood, gaussianLogLikelihood } from './observation-model.js';
export type { ObservationModel } from './observation-model.js';
export {
  diagonalGaussianLogDensity,
  klToStandardNormal,
  reparameterize,
  standardNormalLogDensity,
} from './diagonal-gaussian.js';
