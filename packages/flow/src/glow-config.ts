/**
 * Configuration of Glow (Kingma & Dhariwal 2018) as one zod schema. Images: numLevels levels,
 * each a squeeze, then stepsPerLevel steps of flow (ActNorm, LU 1x1 conv, affine coupling on half
 * the channels), then a split (except the last level) whose factored half has Glow's learned
 * prior N(mu(z2), sigma(z2)) (learnedSplitPrior, default on). Vectors: numLevels * stepsPerLevel
 * steps with an LU linear map and alternating-feature couplings. Small defaults for 28x28x1 (the
 * paper: 3 levels, 32 steps, 512 channels).
 */
import { configKeys, flag, oneOf, parseConfig, positiveInteger, widths, withTypeDefaults } from '@genmodels/core-nn';
import { z } from 'zod';
import { FlowConfigError, flowCommonFields, isVectorInput } from './flow-config.js';

const glowObject = z
  .strictObject({
    modelType: z.literal('glow', { error: "'glow'" }).default('glow'),
    ...flowCommonFields({ inputShape: [28, 28, 1], preprocessing: 'dequantize-logit' }),
    /** Levels (squeeze, steps, split) for images; vectors get numLevels * stepsPerLevel steps. */
    numLevels: positiveInteger().default(2),
    stepsPerLevel: positiveInteger().default(4),
    /** Hidden conv widths of each image coupling's network. */
    hiddenChannels: widths({ what: 'layer widths' }).default([64, 64]),
    /** Hidden widths of each vector coupling's MLP. */
    hiddenUnits: widths({ what: 'layer widths' }).default([64, 64]),
    /** How a coupling bounds its log-scale: tanh(raw) * learned scale (RealNVP) or log sigmoid(raw + 2) (Glow). */
    couplingScale: oneOf(['tanh', 'sigmoid']).default('sigmoid'),
    /**
     * Images: at each split the factored-out half z1 gets Glow's learned prior N(mu(z2), sigma(z2))
     * from a zero-initialized 3x3 conv of the kept half (LearnedPriorFactorOut); false keeps
     * RealNVP's plain factoring to N(0, I). No effect on vectors (no splits). Default true; a
     * stored config written before this key existed resolves to false.
     */
    learnedSplitPrior: flag().default(true),
  })
  .superRefine((config, context) => {
    const shape = config.inputShape;
    if (shape.length === 1 && shape[0] < 2) {
      context.addIssue({ code: 'custom', path: ['inputShape'], message: `vector inputs need at least 2 features, got inputShape ${JSON.stringify(shape)}` });
    }
    if (shape.length === 3) {
      const factor = 2 ** config.numLevels;
      if (shape[0] % factor !== 0 || shape[1] % factor !== 0) {
        context.addIssue({
          code: 'custom',
          path: ['numLevels'],
          message: `numLevels ${config.numLevels} squeezes ${config.numLevels} times, so height and width must be divisible by ${factor}; got inputShape ${JSON.stringify(shape)}`,
        });
      }
    }
  });

/** A complete Glow config (what `model.config` holds and config.json stores). */
export type GlowConfig = Readonly<z.output<typeof glowObject>>;
/** The options `new Glow(options)` takes: every key optional, unknown keys rejected. */
export type GlowConfigInput = z.input<typeof glowObject>;

/**
 * True for a complete config as Glow wrote it before `learnedSplitPrior` existed: modelType
 * 'glow' and every other key present. Its checkpoint has no prior weights, so the missing key
 * means off there (new configs always write the key).
 */
function isStoredConfigWithoutSplitPrior(options: Readonly<Record<string, unknown>>): boolean {
  if (options.learnedSplitPrior !== undefined || options.modelType !== 'glow') return false;
  return configKeys(glowObject).every((key) => key === 'learnedSplitPrior' || key in options);
}

/**
 * The Glow config schema. Vector inputs default to preprocessing 'none'. A missing
 * learnedSplitPrior defaults to true, except in a complete stored config (modelType 'glow' and
 * every other key given): that was written before the key existed and its weights have no
 * prior, so it resolves to false and old checkpoints still load.
 */
export const GlowConfigSchema = withTypeDefaults(glowObject, (options) => ({
  ...(isVectorInput(options) ? { preprocessing: 'none' } : {}),
  ...(isStoredConfigWithoutSplitPrior(options) ? { learnedSplitPrior: false } : {}),
}));

/** Fills defaults and validates, naming the key that is wrong (see GlowConfigSchema). */
export function resolveGlowConfig(input: GlowConfigInput = {}): GlowConfig {
  return parseConfig(GlowConfigSchema, input, { name: 'Glow config', error: FlowConfigError });
}

export const GLOW_DEFAULTS: GlowConfig = resolveGlowConfig();
