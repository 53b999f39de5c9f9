// models
export { DDPM } from './ddpm.js';
export { NCSN } from './ncsn.js';
export { DiffusionModel } from './diffusion-model.js';
export type { DiffusionBatch, DiffusionInpaintOptions, DiffusionSampleOptions } from './diffusion-model.js';
export { DDPM_DEFAULTS, NCSN_DEFAULTS, DiffusionConfigError, processOf, resolveDiffusionConfig, unetConfigOf } from './diffusion-config.js';
export type {
  DiffusionConfig,
  DiffusionConfigInput,
  DiffusionModelType,
  DiffusionOptimizerConfig,
  ScoreObjective,
} from './diffusion-config.js';

// schedulers and the sampling loop
export type {
  BaseSchedulerConfig,
  Scheduler,
  SchedulerName,
  SchedulerStepOptions,
  SchedulerStepOutput,
  TimestepSpacing,
} from './scheduler.js';
export { SCHEDULER_NAMES } from './scheduler.js';
export { DDPMScheduler, ancestralStep, posteriorCoefficients } from './ddpm-scheduler.js';
export type { DDPMSchedulerConfig, DDPMSchedulerOptions, PosteriorCoefficients, VarianceType } from './ddpm-scheduler.js';
export { DDIMScheduler, ddimStep, ddimVariance } from './ddim-scheduler.js';
export type { DDIMSchedulerConfig, DDIMSchedulerOptions } from './ddim-scheduler.js';
export { AnnealedLangevinScheduler, langevinStep } from './annealed-langevin-scheduler.js';
export type { AnnealedLangevinSchedulerConfig, AnnealedLangevinSchedulerOptions } from './annealed-langevin-scheduler.js';
export { PredictorCorrectorScheduler } from './predictor-corrector-scheduler.js';
export type { PredictorCorrectorSchedulerConfig, PredictorCorrectorSchedulerOptions } from './predictor-corrector-scheduler.js';
export { createScheduler, isSchedulerName } from './create-scheduler.js';
export type { CreateSchedulerOptions } from './create-scheduler.js';
export { selectTimesteps, TIMESTEP_SPACINGS } from './select-timesteps.js';
export { runSamplingLoop } from './sampling-loop.js';
export type { Denoiser, InpaintingOptions, SamplingLoopOptions, SamplingStepInfo } from './sampling-loop.js';

// noise processes, schedules and prediction targets
export { CLEAN, CLEAN_LEVEL, DDPM_PROCESS, NCSN_PROCESS, NoiseProcess, geometricSigmas, validateNoiseProcessConfig } from './noise-process.js';
export type { NoiseLevel, NoiseProcessConfig, VarianceExplodingConfig, VariancePreservingConfig } from './noise-process.js';
export { BETA_SCHEDULES, cosineAlphaBarFunction, cumulativeAlphas, makeBetaSchedule } from './beta-schedule.js';
export type { BetaScheduleName } from './beta-schedule.js';
export { PREDICTION_TYPES, predictionTarget, toOriginalAndNoise } from './prediction-type.js';
export type { PredictionType } from './prediction-type.js';

// networks
export { UNet, UNET_DEFAULTS, validateUNetConfig } from './unet.js';
export type { UNetConfig } from './unet.js';
export { AttentionBlock } from './attention-block.js';
export { MLPDenoiser } from './mlp-denoiser.js';
export type { MLPDenoiserConfig } from './mlp-denoiser.js';
export { ParameterEMA } from './parameter-ema.js';

// likelihood bound
export { diffusionNegativeBound, discretizedGaussianLogLikelihood } from './variational-bound.js';
export type { LevelDenoiser, VariationalBoundOptions } from './variational-bound.js';
