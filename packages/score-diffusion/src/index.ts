// models
export { DDPM } from './ddpm.js';
export { NCSN } from './ncsn.js';
export { DiffusionModel } from './diffusion-model.js';
export type { DiffusionBatch, DiffusionInpaintOptions, DiffusionLatentOptions, DiffusionSampleOptions } from './diffusion-model.js';
export type { Denoiser, DenoiserOptions, DenoisingModel } from './denoising-model.js';
export { checkSchedulerFits } from './denoising-model.js';

// pipelines: the model (as a DenoisingModel) + a Scheduler, one callback per step, an AbortSignal
export { DEFAULT_PIPELINE_SEED, runPipeline, runPipelineSync } from './pipelines/pipeline-run.js';
export type { PipelineCallback, PipelineRunOptions, PipelineStage, PipelineStep, PipelineSteps } from './pipelines/pipeline-run.js';
export { samplePipeline } from './pipelines/sample-pipeline.js';
export type { SamplePipelineOptions, SampleStepsOptions } from './pipelines/sample-pipeline.js';
export { inpaintPipeline } from './pipelines/inpaint-pipeline.js';
export type { InpaintPipelineOptions, InpaintStepsOptions } from './pipelines/inpaint-pipeline.js';
export { ddimInversionPipeline } from './pipelines/ddim-inversion-pipeline.js';
export type { DDIMInversionPipelineOptions } from './pipelines/ddim-inversion-pipeline.js';
export { interpolatePipeline, slerpPairs } from './pipelines/interpolate-pipeline.js';
export type { InterpolatePipelineOptions, InterpolateStepsOptions } from './pipelines/interpolate-pipeline.js';
export { denoisePipeline } from './pipelines/denoise-pipeline.js';
export type { DenoisePipelineOptions } from './pipelines/denoise-pipeline.js';
export { DDPM_DEFAULTS, NCSN_DEFAULTS, DiffusionConfigError, processOf, resolveDiffusionConfig, unetConfigOf } from './diffusion-config.js';
export type {
  DiffusionConfig,
  DiffusionConfigInput,
  DiffusionModelType,
  DiffusionOptimizerConfig,
  ScoreObjective,
} from './diffusion-config.js';

// schedulers
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
export { createSchedulerFromConfig } from './scheduler-from-config.js';
export type { SchedulerSettings } from './scheduler-from-config.js';
export { selectTimesteps, TIMESTEP_SPACINGS } from './select-timesteps.js';

// noise processes, schedules and prediction targets
export { CLEAN, CLEAN_LEVEL, DDPM_PROCESS, NCSN_PROCESS, NoiseProcess, geometricSigmas, validateNoiseProcessConfig } from './noise-process.js';
export type { NoiseLevel, NoiseProcessConfig, VarianceExplodingConfig, VariancePreservingConfig } from './noise-process.js';
export { BETA_SCHEDULES, cosineAlphaBarFunction, cumulativeAlphas, makeBetaSchedule } from './beta-schedule.js';
export type { BetaScheduleName } from './beta-schedule.js';
export { PREDICTION_TYPES, predictionTarget, toOriginalAndNoise } from './prediction-type.js';
export type { PredictionType } from './prediction-type.js';

// networks, loss, guidance
export { UNet, UNET_DEFAULTS, validateUNetConfig } from './unet.js';
export type { UNetConfig } from './unet.js';
export { AttentionBlock } from './attention-block.js';
export { MLPDenoiser } from './mlp-denoiser.js';
export { createDenoiserNetwork } from './denoiser-network.js';
export type { DenoiserNetwork } from './denoiser-network.js';
export { diffusionLoss } from './diffusion-loss.js';
export type { DiffusionLossConfig } from './diffusion-loss.js';
export { slicedScoreMatchingLoss } from './sliced-score-matching.js';
export { guidedNetworkOutput } from './classifier-free-guidance.js';
export type { MLPDenoiserConfig } from './mlp-denoiser.js';
export { ParameterEMA } from './parameter-ema.js';

// likelihood bound
export { diffusionNegativeBound, discretizedGaussianLogLikelihood } from './variational-bound.js';
export type { VariationalBoundOptions } from './variational-bound.js';
