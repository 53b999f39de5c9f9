/**
 * Configuration of the VAE family (VAE, convolutional VAE, IWAE, conditional VAE) as one zod
 * schema. The defaults of modelType 'vae' are the bench-spec `vae-mlp` network; the other model
 * types change only what makes them what they are.
 */
import { nonNegativeNumber, numClassesSchema, oneOf, parseConfig, positiveInteger, withTypeDefaults } from '@genmodels/core-nn';
import { z } from 'zod';
import { type AdamConfig, VAEConfigError, checkNetwork, sharedFields } from './config-fields.js';

export { VAEConfigError } from './config-fields.js';

export type VAEOptimizerConfig = AdamConfig;

export const VAE_MODEL_TYPES = ['vae', 'conv-vae', 'iwae', 'cvae'] as const;

/** 'vae' (MLP), 'conv-vae' (convolutional), 'iwae' (trained on the K-sample bound), 'cvae' (conditional). */
export type VAEModelType = (typeof VAE_MODEL_TYPES)[number];

const vaeObject = z
  .strictObject({
    /** 'vae' (MLP), 'conv-vae' (convolutional), 'iwae' (trained on the K-sample bound), 'cvae' (conditional); picks the defaults. */
    modelType: oneOf(VAE_MODEL_TYPES).default('vae'),
    ...sharedFields,
    /** Weight of the KL term (Higgins et al. 2017, beta-VAE); 1 gives the ELBO. */
    beta: nonNegativeNumber().default(1),
    /** Linear KL warm-up from `start` to beta over `steps` training steps, or null. */
    klWarmup: z
      .strictObject({ steps: positiveInteger(), start: nonNegativeNumber() }, { error: 'null or { steps: positive integer, start: number >= 0 }' })
      .nullable()
      .default(null),
    /** Importance samples K of the training objective: 1 is the ELBO, K > 1 the IWAE bound (Burda et al. 2016). */
    numImportanceSamples: positiveInteger('1 for the ELBO, 5 for IWAE').default(1),
    /** Classes of a conditional VAE ('cvae'); 0 for the unconditional models. */
    numClasses: numClassesSchema,
  })
  .superRefine((config, context) => {
    checkNetwork(config, context);
    if (config.modelType === 'cvae' && config.numClasses < 2) {
      context.addIssue({ code: 'custom', path: ['numClasses'], message: `a 'cvae' needs numClasses >= 2 (e.g. 10), got ${config.numClasses}` });
    } else if (config.modelType !== 'cvae' && config.numClasses !== 0) {
      context.addIssue({ code: 'custom', path: ['numClasses'], message: "numClasses is for modelType 'cvae' only; set modelType 'cvae' or numClasses 0" });
    }
  });

/** A complete VAE config (what `model.config` holds and config.json stores). */
export type VAEConfig = Readonly<z.output<typeof vaeObject>>;
/** The options `new VAE(options)` takes: every key optional (defaults of its modelType), unknown keys rejected. */
export type VAEConfigInput = z.input<typeof vaeObject>;

/** What each model type changes from the defaults of 'vae'. */
const TYPE_DEFAULTS: Record<VAEModelType, Readonly<Record<string, unknown>>> = {
  vae: {},
  // conv 32 -> conv 64 (k4 s2) to 7x7x64, dense to (mu, logvar); mirrored decoder.
  'conv-vae': { inputShape: [28, 28, 1], architecture: 'conv', encoderUnits: [], decoderUnits: [] },
  // Burda et al. 2016 trained with K = 5 and K = 50; K = 5 keeps the step cheap.
  iwae: { numImportanceSamples: 5 },
  cvae: { numClasses: 10 },
};

/** The VAE config schema: options in, complete config out (defaults of the options' modelType). */
export const VAEConfigSchema = withTypeDefaults(vaeObject, (options) => TYPE_DEFAULTS[options.modelType as VAEModelType] ?? {});

/** Fills defaults (those of `input.modelType`, default 'vae') and validates, naming the wrong key. */
export function resolveVAEConfig(input: VAEConfigInput = {}): VAEConfig {
  return parseConfig(VAEConfigSchema, input, { name: 'VAE config', error: VAEConfigError });
}

/** The bench-spec vae-mlp network: 784 -> 512 -> 256 -> (mu, logvar of z32) -> 256 -> 512 -> 784 logits. */
export const VAE_DEFAULTS: VAEConfig = resolveVAEConfig();
