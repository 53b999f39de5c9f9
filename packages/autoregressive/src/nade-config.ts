/** Configuration of NADE (Larochelle & Murray 2011) as one zod schema: binarized 28x28 images, H = 500. */
import { parseConfig, positiveInteger } from '@genmodels/core-nn';
import { z } from 'zod';
import { AutoregressiveConfigError, autoregressiveFields } from './autoregressive-config.js';

export const NADEConfigSchema = z.strictObject({
  modelType: z.literal('nade', { error: "'nade'" }).default('nade'),
  ...autoregressiveFields({ inputShape: [28, 28, 1], likelihoods: ['bernoulli'], numMixtureComponents: 1 }),
  /** Width H of the shared hidden layer (the paper used 500 on binarized MNIST). */
  hiddenUnits: positiveInteger('500').default(500),
});

/** A complete NADE config (what `model.config` holds and config.json stores). */
export type NADEConfig = Readonly<z.output<typeof NADEConfigSchema>>;
/** The options `new NADE(options)` takes: every key optional, unknown keys rejected. */
export type NADEConfigInput = z.input<typeof NADEConfigSchema>;

export function resolveNADEConfig(input: NADEConfigInput = {}): NADEConfig {
  return parseConfig(NADEConfigSchema, input, { name: 'NADE config', error: AutoregressiveConfigError });
}

export const NADE_DEFAULTS: NADEConfig = resolveNADEConfig();
