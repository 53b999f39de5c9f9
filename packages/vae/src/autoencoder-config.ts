/**
 * Configuration of the deterministic autoencoders, as one zod schema: the plain / denoising
 * autoencoder ('ae'), the Wasserstein autoencoder with an MMD penalty ('wae') and the
 * adversarial autoencoder ('aae'). They share the VAE's networks and observation models; the
 * defaults of 'ae' mirror the bench-spec vae-mlp network so the two can be compared directly.
 */
import { adamSchema, fraction, nonNegativeNumber, oneOf, parseConfig, widths, withTypeDefaults } from '@genmodels/core-nn';
import { z } from 'zod';
import { VAEConfigError, checkNetwork, sharedFields } from './config-fields.js';

export const AUTOENCODER_MODEL_TYPES = ['ae', 'wae', 'aae'] as const;

export type AutoencoderModelType = (typeof AUTOENCODER_MODEL_TYPES)[number];

/** Kernels of the WAE's MMD: inverse multiquadratics C / (C + |a - b|^2) or Gaussian exp(-|a - b|^2 / C). */
export type MMDKernel = 'imq' | 'rbf';

const autoencoderObject = z
  .strictObject({
    /** 'ae' (plain or denoising), 'wae' (MMD penalty), 'aae' (adversarial); picks the defaults. */
    modelType: oneOf(AUTOENCODER_MODEL_TYPES).default('ae'),
    ...sharedFields,
    /** 'wae': lambda of the MMD penalty; 'aae': weight of the encoder's adversarial loss; ignored by 'ae'. */
    regularizationWeight: nonNegativeNumber().default(0),
    /** 'wae' only: the MMD kernel. */
    mmdKernel: oneOf(['imq', 'rbf']).default('imq'),
    /** 'aae' only: hidden widths of the latent discriminator (ReLU). */
    discriminatorUnits: widths({ allowEmpty: true, what: 'layer widths' }).default([256, 256]),
    /** 'ae' only: momentum of the running code moments that sample() draws from (ex-post density estimation). */
    codeMomentum: fraction().default(0.99),
    /** 'aae' only: Adam settings of the discriminator. */
    discriminatorOptimizer: adamSchema({ learningRate: 1e-3, beta1: 0.5, epsilon: 1e-8 }).prefault({}),
  })
  .superRefine(checkNetwork);

/** A complete autoencoder config (what `model.config` holds and config.json stores). */
export type AutoencoderConfig = Readonly<z.output<typeof autoencoderObject>>;
/** The options of Autoencoder, WAE and AAE: every key optional, unknown keys rejected. */
export type AutoencoderConfigInput = z.input<typeof autoencoderObject>;

const TYPE_DEFAULTS: Record<AutoencoderModelType, Readonly<Record<string, unknown>>> = {
  ae: {},
  // Tolstikhin et al. 2018 use an 8-dimensional code on MNIST with lambda = 10.
  wae: { latentDim: 8, regularizationWeight: 10 },
  aae: { latentDim: 8, regularizationWeight: 1 },
};

/** The autoencoder config schema: options in, complete config out (defaults of the options' modelType). */
export const AutoencoderConfigSchema = withTypeDefaults(autoencoderObject, (options) => TYPE_DEFAULTS[options.modelType as AutoencoderModelType] ?? {});

/** Fills defaults (those of `input.modelType`, default 'ae') and validates, naming the wrong key. */
export function resolveAutoencoderConfig(input: AutoencoderConfigInput = {}): AutoencoderConfig {
  return parseConfig(AutoencoderConfigSchema, input, { name: 'autoencoder config', error: VAEConfigError });
}

export const AUTOENCODER_DEFAULTS: AutoencoderConfig = resolveAutoencoderConfig();
