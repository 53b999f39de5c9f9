/** Configuration of RNADE (Uria, Murray & Larochelle 2013) as one zod schema: 2-D real vectors, 5 Gaussians, H = 64. */
import { parseConfig, positiveInteger } from '@genmodels/core-nn';
import { z } from 'zod';
import { AutoregressiveConfigError, autoregressiveFields } from './autoregressive-config.js';

export const RNADEConfigSchema = z.strictObject({
  modelType: z.literal('rnade', { error: "'rnade'" }).default('rnade'),
  ...autoregressiveFields({ inputShape: [2], likelihoods: ['gaussian-mixture'], numMixtureComponents: 5 }),
  /** Width H of the shared hidden layer. */
  hiddenUnits: positiveInteger('64').default(64),
});

/** A complete RNADE config (what `model.config` holds and config.json stores). */
export type RNADEConfig = Readonly<z.output<typeof RNADEConfigSchema>>;
/** The options `new RNADE(options)` takes: every key optional, unknown keys rejected. */
export type RNADEConfigInput = z.input<typeof RNADEConfigSchema>;

export function resolveRNADEConfig(input: RNADEConfigInput = {}): RNADEConfig {
  return parseConfig(RNADEConfigSchema, input, { name: 'RNADE config', error: AutoregressiveConfigError });
}

export const RNADE_DEFAULTS: RNADEConfig = resolveRNADEConfig();
