/**
 * Config keys shared by every model of this package (VAE, CVAE, IWAE, the autoencoders, WAE,
 * AAE): the networks, the observation model, denoising, the optimizer and the seed, as zod
 * fields with their defaults (the bench-spec vae-mlp network), and the checks that tie them
 * together.
 */
import {
  ConfigError,
  adamSchema,
  clipNormSchema,
  inputShape,
  oneOf,
  positiveInteger,
  positiveNumber,
  seedSchema,
  widths,
} from '@genmodels/core-nn';
import { z } from 'zod';
import { CorruptionSchema } from './corrupt.js';
import { OBSERVATION_MODELS } from './observation-model.js';

/** Every config error of this package (VAE, CVAE, autoencoders, WAE, AAE). */
export class VAEConfigError extends ConfigError {
  override name = 'VAEConfigError';
}

/** Adam (Kingma & Ba 2015) with learning rate 1e-3 and epsilon 1e-8. */
export const adamConfigSchema = adamSchema({ learningRate: 1e-3, epsilon: 1e-8 });

export type AdamConfig = z.output<typeof adamConfigSchema>;

/** The network keys (what Encoder and Decoder read). */
const networkFields = {
  /** Shape of one example, e.g. [784] or [28, 28, 1]; the MLP flattens it, 'conv' needs [height, width, channels]. */
  inputShape: inputShape().default([784]),
  /**
   * 'mlp' (dense layers on the flattened input) or 'conv' (stride-2 convolutions, then
   * encoderUnits; decoderUnits, then stride-2 transposed convolutions).
   */
  architecture: oneOf(['mlp', 'conv']).default('mlp'),
  /** Hidden dense widths of the encoder (after the convolutions for 'conv'), input side first (ReLU). May be empty. */
  encoderUnits: widths({ allowEmpty: true, what: 'layer widths' }).default([512, 256]),
  /** Hidden dense widths of the decoder (before the transposed convolutions for 'conv'), latent side first (ReLU). May be empty. */
  decoderUnits: widths({ allowEmpty: true, what: 'layer widths' }).default([256, 512]),
  /** 'conv' only: channels of the stride-2 convolutions, input side first; the decoder mirrors them. */
  convChannels: widths({ allowEmpty: true, what: 'channels' }).default([32, 64]),
  /** 'conv' only: square kernel size of every convolution. */
  kernelSize: positiveInteger().default(4),
};

export type NetworkConfig = { readonly [K in keyof typeof networkFields]: z.output<(typeof networkFields)[K]> };

/** Every key shared by the models of this package. */
export const sharedFields = {
  ...networkFields,
  /** Dimension of the latent code z. */
  latentDim: positiveInteger('32').default(32),
  /** p(x|z): 'bernoulli' (binary data), 'gaussian' (real data), 'discretized-logistic' (8-bit data in [0, 1]). */
  observationModel: oneOf(OBSERVATION_MODELS).default('bernoulli'),
  /** For 'gaussian': 'learned' (one log-variance per data dimension) or a fixed variance. */
  decoderVariance: z.union([z.literal('learned'), positiveNumber("'learned' or a positive number")], { error: "'learned' or a positive number" }).default('learned'),
  /** Denoising: corruption applied to the encoder's input during training, or null for none. */
  denoising: CorruptionSchema.nullable().default(null),
  /** Adam settings of the encoder and decoder. */
  optimizer: adamConfigSchema.prefault({}),
  /** Global-norm gradient clipping threshold, or null for none. */
  clipNorm: clipNormSchema,
  /** Seed of the weight initialization. */
  seed: seedSchema,
};

/** The 'conv' architecture needs an image shape that each stride-2 convolution halves exactly. */
export function checkNetwork(config: NetworkConfig, context: z.core.$RefinementCtx): void {
  if (config.architecture !== 'conv') return;
  const { inputShape: shape, convChannels } = config;
  if (convChannels.length === 0) {
    context.addIssue({ code: 'custom', path: ['convChannels'], message: "convChannels must name at least one convolution for architecture 'conv', e.g. [32, 64]" });
    return;
  }
  const factor = 2 ** convChannels.length;
  if (shape.length !== 3 || shape[0] % factor !== 0 || shape[1] % factor !== 0) {
    context.addIssue({
      code: 'custom',
      path: ['inputShape'],
      message:
        `the 'conv' architecture needs inputShape [height, width, channels] with height and width divisible by ` +
        `2^${convChannels.length} = ${factor} (one halving per entry of convChannels), got ${JSON.stringify(shape)}; ` +
        `use fewer convChannels or architecture 'mlp'`,
    });
  }
}
