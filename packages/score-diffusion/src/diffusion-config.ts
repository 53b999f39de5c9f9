/**
 * Configuration of the DDPM and NCSN models as one zod schema: complete and JSON-serializable,
 * flat so that every key can be set from the command line (`--set channels=[16,32]`), strict
 * (an unknown key is an error naming the allowed ones). The defaults are the bench-spec ddpm
 * task; modelType 'ncsn' changes only its sampler and learning rate (the bench-spec ncsn task).
 */
import {
  ConfigError,
  adamSchema,
  fraction,
  inputShape,
  nonNegativeNumber,
  numClassesSchema,
  oneOf,
  parseConfig,
  positiveInteger,
  positiveNumber,
  seedSchema,
  widths,
  withTypeDefaults,
} from '@genmodels/core-nn';
import { z } from 'zod';
import { type NoiseProcessConfig, validateNoiseProcessConfig } from './noise-process.js';
import { type UNetConfig, UNET_DEFAULTS, validateUNetConfig } from './unet.js';

export const DIFFUSION_MODEL_TYPES = ['ddpm', 'ncsn'] as const;

export type DiffusionModelType = (typeof DIFFUSION_MODEL_TYPES)[number];

/**
 * - 'dsm': denoising score matching (Vincent 2011), as eps-MSE: || eps_theta(a x + s eps) - eps ||^2, which
 *   for NCSN is the sigma^2-weighted DSM loss of Song & Ermon 2019 and for DDPM Ho et al.'s L_simple
 *   (with predictionType 'x0' or 'v' the target changes accordingly).
 * - 'ssm': sliced (implicit) score matching, E[ s^2 (v^T grad_x (v^T score) + |score|^2 / 2) ] on the
 *   perturbed data (Hyvarinen 2005; Song et al. 2019, "Sliced Score Matching"), with the
 *   directional derivative by central finite differences (Pang et al. 2020); for low-dimensional data.
 */
export type ScoreObjective = 'dsm' | 'ssm';

export class DiffusionConfigError extends ConfigError {
  override name = 'DiffusionConfigError';
}

const positiveOrNull = () => positiveNumber('a positive number or null').nullable();

const diffusionObject = z
  .strictObject({
    /** 'ddpm' (variance-preserving process) or 'ncsn' (variance-exploding); picks the defaults. */
    modelType: oneOf(DIFFUSION_MODEL_TYPES).default('ddpm'),
    /** [height, width, channels] for the UNet, [dim] for the MLP. */
    inputShape: inputShape().default([28, 28, 1]),
    /** 'unet' for images, 'mlp' for low-dimensional points. */
    network: oneOf(['unet', 'mlp']).default('unet'),
    // UNet
    channels: widths({ what: 'channels per resolution, e.g. [32, 64, 128]' }).default([...UNET_DEFAULTS.channels]),
    numResBlocks: positiveInteger().default(UNET_DEFAULTS.numResBlocks),
    groups: positiveInteger().default(UNET_DEFAULTS.groups),
    attentionResolutions: widths({ allowEmpty: true, what: 'spatial sizes' }).default([...UNET_DEFAULTS.attentionResolutions]),
    // MLP
    hiddenUnits: widths({ what: 'layer widths' }).default([128, 128]),
    // both
    sinusoidalDim: positiveInteger().default(UNET_DEFAULTS.sinusoidalDim),
    embeddingDim: positiveInteger().default(UNET_DEFAULTS.embeddingDim),
    // noise process: variance-preserving (ddpm) ...
    numTrainTimesteps: positiveInteger().default(1000),
    betaSchedule: oneOf(['linear', 'cosine']).default('linear'),
    betaStart: positiveNumber().default(1e-4),
    betaEnd: positiveNumber().default(0.02),
    // ... or variance-exploding (ncsn)
    numLevels: positiveInteger().default(10),
    sigmaMin: positiveNumber().default(0.01),
    sigmaMax: positiveNumber().default(1),
    predictionType: oneOf(['epsilon', 'x0', 'v']).default('epsilon'),
    objective: oneOf(['dsm', 'ssm']).default('dsm'),
    /** Classes for class conditioning (0 = unconditional). */
    numClasses: numClassesSchema,
    /** Probability of dropping the label in training, for classifier-free guidance (Ho & Salimans 2022). */
    classDropProbability: fraction().default(0.1),
    /** EMA decay of the weights used for sampling, or null to sample with the live weights. */
    emaDecay: fraction('a number in [0, 1) or null').nullable().default(0.999),
    // sampling defaults (each can be overridden per call)
    scheduler: oneOf(['ddpm', 'ddim', 'langevin', 'pc']).default('ddpm'),
    numInferenceSteps: positiveInteger().default(1000),
    eta: nonNegativeNumber().default(0),
    stepsPerLevel: positiveInteger().default(10),
    stepSize: positiveNumber().default(5e-5),
    /** Clip predicted x_0 to [-clipSample, clipSample] when sampling (and in the DDPM bound), or null. */
    clipSample: positiveOrNull().default(1),
    /** Timesteps of the Monte Carlo estimate of the variational bound (DDPM). */
    boundTimesteps: positiveInteger().default(50),
    optimizer: adamSchema({ learningRate: 2e-4, epsilon: 1e-8 }).prefault({}),
    /** Global-norm gradient clipping (Pascanu et al. 2013), or null. */
    clipNorm: positiveOrNull().default(1),
    seed: seedSchema,
  })
  .superRefine((config, context) => {
    const fail = (message: string, path: string) => context.addIssue({ code: 'custom', path: [path], message });
    const shape = config.inputShape;
    if (config.network === 'unet') {
      if (shape.length !== 3) {
        fail(`the UNet needs inputShape [height, width, channels], got ${JSON.stringify(shape)}; use network 'mlp' for points`, 'inputShape');
      } else {
        try {
          validateUNetConfig(unetConfigOf(config), 'unet');
        } catch (error) {
          fail((error as Error).message.replace(/^unet: /, ''), 'channels');
        }
      }
    } else {
      if (shape.length !== 1) fail(`the MLP needs inputShape [dim], got ${JSON.stringify(shape)}; use network 'unet' for images`, 'inputShape');
      if (config.numClasses > 0) fail("class conditioning needs network 'unet'; set numClasses to 0 for the MLP", 'numClasses');
      if (config.sinusoidalDim % 2 !== 0) fail(`sinusoidalDim must be a positive even integer, got ${config.sinusoidalDim}`, 'sinusoidalDim');
    }
    try {
      validateNoiseProcessConfig(processOf(config));
    } catch (error) {
      fail((error as Error).message, config.modelType === 'ddpm' ? 'betaStart' : 'sigmaMin');
    }
    if (config.objective === 'ssm' && config.network !== 'mlp') fail("objective 'ssm' is for low-dimensional data: use network 'mlp'", 'objective');
  });

/** A complete DDPM or NCSN config (what `model.config` holds and config.json stores). */
export type DiffusionConfig = Readonly<z.output<typeof diffusionObject>>;
/** The options `new DDPM(options)` / `new NCSN(options)` take: every key optional, unknown keys rejected. */
export type DiffusionConfigInput = z.input<typeof diffusionObject>;
export type DiffusionOptimizerConfig = DiffusionConfig['optimizer'];

/** What modelType 'ncsn' changes: annealed Langevin over its 10 levels, Adam 1e-3 (bench-spec ncsn). */
const TYPE_DEFAULTS: Record<DiffusionModelType, Readonly<Record<string, unknown>>> = {
  ddpm: {},
  ncsn: { scheduler: 'langevin', numInferenceSteps: 10, optimizer: { learningRate: 1e-3 } },
};

/** The DDPM / NCSN config schema: options in, complete config out (defaults of the options' modelType). */
export const DiffusionConfigSchema = withTypeDefaults(diffusionObject, (options) => TYPE_DEFAULTS[options.modelType as DiffusionModelType] ?? {});

/** The noise process a config trains on: variance-preserving for DDPM, variance-exploding for NCSN. */
export function processOf(config: Pick<DiffusionConfig, 'modelType' | 'numTrainTimesteps' | 'betaSchedule' | 'betaStart' | 'betaEnd' | 'numLevels' | 'sigmaMin' | 'sigmaMax'>): NoiseProcessConfig {
  return config.modelType === 'ddpm'
    ? {
        type: 'variance-preserving',
        numTrainTimesteps: config.numTrainTimesteps,
        betaSchedule: config.betaSchedule,
        betaStart: config.betaStart,
        betaEnd: config.betaEnd,
      }
    : { type: 'variance-exploding', numLevels: config.numLevels, sigmaMin: config.sigmaMin, sigmaMax: config.sigmaMax };
}

/** The UNet config of an image model. */
export function unetConfigOf(
  config: Pick<DiffusionConfig, 'inputShape' | 'channels' | 'numResBlocks' | 'groups' | 'sinusoidalDim' | 'embeddingDim' | 'attentionResolutions' | 'numClasses'>,
): UNetConfig {
  const [h, w, c] = config.inputShape;
  return {
    imageShape: [h, w, c],
    channels: config.channels,
    numResBlocks: config.numResBlocks,
    groups: config.groups,
    sinusoidalDim: config.sinusoidalDim,
    embeddingDim: config.embeddingDim,
    attentionResolutions: config.attentionResolutions,
    numClasses: config.numClasses,
  };
}

/** Fills the defaults of `modelType` and validates, with an error naming the key and what is allowed. */
export function resolveDiffusionConfig(modelType: DiffusionModelType, input: DiffusionConfigInput = {}): DiffusionConfig {
  const name = `${modelType.toUpperCase()} config`;
  if (input.modelType !== undefined && input.modelType !== modelType) {
    throw new DiffusionConfigError(`${name}: modelType must be '${modelType}', got ${JSON.stringify(input.modelType)}`);
  }
  return parseConfig(DiffusionConfigSchema, { ...input, modelType }, { name, error: DiffusionConfigError });
}

/** bench-spec ddpm: the UNet, T = 1000 linear betas 1e-4 .. 0.02, epsilon MSE, Adam 2e-4. */
export const DDPM_DEFAULTS: DiffusionConfig = resolveDiffusionConfig('ddpm');

/** bench-spec ncsn: the UNet on log sigma, 10 sigmas geometric 1 .. 0.01, sigma^2-weighted DSM, Adam 1e-3. */
export const NCSN_DEFAULTS: DiffusionConfig = resolveDiffusionConfig('ncsn');
