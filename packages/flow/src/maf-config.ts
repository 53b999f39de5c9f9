/**
 * Configuration of MAF (Papamakarios et al. 2017) and its inverse direction IAF (Kingma et al.
 * 2016) as one zod schema: numLayers MADE layers with the order reversed between layers and,
 * optionally, a batch-norm bijection after each. Images are flattened to vectors.
 */
import { flag, fraction, oneOf, parseConfig, positiveInteger, widths, withTypeDefaults } from '@genmodels/core-nn';
import { z } from 'zod';
import { FlowConfigError, flowCommonFields } from './flow-config.js';

const mafObject = z
  .strictObject({
    modelType: z.literal('maf', { error: "'maf'" }).default('maf'),
    ...flowCommonFields({ inputShape: [2], preprocessing: 'none' }),
    /**
     * 'maf': density evaluation in one pass, sampling in D passes (the default, for likelihood
     * training). 'iaf': each layer inverted, so sampling takes one pass and density evaluation D.
     */
    direction: oneOf(['maf', 'iaf']).default('maf'),
    numLayers: positiveInteger('5').default(5),
    /** Hidden widths of each layer's MADE. */
    hiddenUnits: widths({ what: 'layer widths' }).default([64, 64]),
    /** A batch-norm bijection after each MADE layer (Papamakarios et al. 2017, sec 3.4). */
    batchNorm: flag().default(true),
    /** Momentum of the batch-norm moving averages. */
    batchNormMomentum: fraction().default(0.9),
  })
  .superRefine((config, context) => {
    if (config.inputShape.reduce((a, b) => a * b, 1) < 2) {
      context.addIssue({ code: 'custom', path: ['inputShape'], message: `MAF needs at least 2 dimensions, got inputShape ${JSON.stringify(config.inputShape)}` });
    }
  });

/** A complete MAF config (what `model.config` holds and config.json stores). */
export type MAFConfig = Readonly<z.output<typeof mafObject>>;
/** The options `new MAF(options)` takes: every key optional, unknown keys rejected. */
export type MAFConfigInput = z.input<typeof mafObject>;

/** The MAF config schema (image inputs default to preprocessing 'dequantize-logit'). */
export const MAFConfigSchema = withTypeDefaults(mafObject, (options) =>
  Array.isArray(options.inputShape) && options.inputShape.length === 3 ? { preprocessing: 'dequantize-logit' } : {},
);

/** Fills defaults and validates, naming the key that is wrong. */
export function resolveMAFConfig(input: MAFConfigInput = {}): MAFConfig {
  return parseConfig(MAFConfigSchema, input, { name: 'MAF config', error: FlowConfigError });
}

export const MAF_DEFAULTS: MAFConfig = resolveMAFConfig();
