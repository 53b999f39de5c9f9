/** Configuration of MADE as a density model (Germain et al. 2015) as one zod schema: one hidden layer of 500. */
import { oneOf, parseConfig, positiveInteger, seedSchema, widths } from '@genmodels/core-nn';
import { z } from 'zod';
import { AutoregressiveConfigError, autoregressiveFields } from './autoregressive-config.js';

const ordering = "'natural', 'random' or a list of ranks";

export const MADEDensityConfigSchema = z.strictObject({
  modelType: z.literal('made', { error: "'made'" }).default('made'),
  ...autoregressiveFields({ inputShape: [28, 28, 1], likelihoods: ['bernoulli', 'gaussian-mixture'], numMixtureComponents: 5 }),
  /** Widths of the masked hidden layers. */
  hiddenUnits: widths({ what: 'layer widths' }).default([500]),
  /** 'natural', 'random' (seeded) or the rank of each input. */
  ordering: z
    .union([z.enum(['natural', 'random']), z.array(z.int({ error: ordering }).min(0, { error: ordering }), { error: ordering }).readonly()], { error: ordering })
    .default('natural'),
  /** How hidden degrees are drawn: 'cyclic' or 'random' (seeded). */
  connectivity: oneOf(['cyclic', 'random']).default('cyclic'),
  /** Mask sets used in training (cycled per step) and averaged at evaluation. */
  numMasks: positiveInteger('1 for a single ordering').default(1),
  /**
   * Seed of the random orderings and degrees (part of the architecture, kept apart from the
   * weight seed so that weights load into any model built from the same config).
   */
  orderingSeed: seedSchema,
  /** Hidden activation. */
  activation: oneOf(['relu', 'tanh', 'elu', 'sigmoid']).default('relu'),
});

/** A complete MADE config (what `model.config` holds and config.json stores). */
export type MADEDensityConfig = Readonly<z.output<typeof MADEDensityConfigSchema>>;
/** The options `new MADEDensity(options)` takes: every key optional, unknown keys rejected. */
export type MADEDensityConfigInput = z.input<typeof MADEDensityConfigSchema>;

export function resolveMADEDensityConfig(input: MADEDensityConfigInput = {}): MADEDensityConfig {
  return parseConfig(MADEDensityConfigSchema, input, { name: 'MADE config', error: AutoregressiveConfigError });
}

export const MADE_DENSITY_DEFAULTS: MADEDensityConfig = resolveMADEDensityConfig();
