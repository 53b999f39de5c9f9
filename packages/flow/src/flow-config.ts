/** Configuration keys shared by every flow model (zod fields with their defaults), and its error class. */
import { ConfigError, adamSchema, clipNormSchema, inputShape, numClassesSchema, oneOf, seedSchema } from '@genmodels/core-nn';
import { z } from 'zod';

export class FlowConfigError extends ConfigError {
  override name = 'FlowConfigError';
}

/**
 * How data enters the flow:
 * - 'dequantize-logit': 8-bit images in [0, 1] (k / 255); uniform dequantization then the logit
 *   transform with alpha = logitAlpha, both counted in log p(x) (bench-spec "dequantized").
 * - 'none': continuous data (2-D toys, tabular) modelled as given.
 */
export const FLOW_PREPROCESSING = ['dequantize-logit', 'none'] as const;
export type FlowPreprocessing = (typeof FLOW_PREPROCESSING)[number];

const flowShape = '[features] (e.g. [2]) or [height, width, channels] (e.g. [28, 28, 1])';
const logitAlpha = 'a number in [0, 0.5) (RealNVP uses 0.05)';

/** The keys every flow config has, with the model's default input shape and preprocessing. */
export function flowCommonFields(defaults: { inputShape: readonly number[]; preprocessing: FlowPreprocessing }) {
  return {
    /** Shape of one example: [features] for vectors, [height, width, channels] (NHWC) for images. */
    inputShape: inputShape(flowShape)
      .refine((shape) => shape.length === 1 || shape.length === 3, { error: flowShape, params: { phrase: true } })
      .default(defaults.inputShape),
    /** 'dequantize-logit' (8-bit images in [0, 1], both terms counted in log p(x)) or 'none' (continuous data). */
    preprocessing: oneOf(FLOW_PREPROCESSING).default(defaults.preprocessing),
    /** alpha of the logit transform logit(alpha + (1 - 2 alpha) x) (Dinh et al. 2017). */
    logitAlpha: z.number({ error: logitAlpha }).min(0, { error: logitAlpha }).lt(0.5, { error: logitAlpha }).default(0.05),
    /** 0 for an unconditional flow; K > 0 for a class-conditional one (batches { x, labels }). */
    numClasses: numClassesSchema,
    /** Adam settings (epsilon 1e-7, the TF.js default). */
    optimizer: adamSchema({ learningRate: 1e-3, epsilon: 1e-7 }).prefault({}),
    /** Global-norm gradient clipping threshold, or null for none. */
    clipNorm: clipNormSchema,
    /** Seed of the weight initialization. */
    seed: seedSchema,
  };
}

/** The keys every flow model's config has (FlowModel reads only these). */
export type FlowCommonConfig = Readonly<z.output<z.ZodObject<ReturnType<typeof flowCommonFields>>>> & { readonly modelType: string };
export type FlowOptimizerConfig = FlowCommonConfig['optimizer'];

/** True for options with a one-entry inputShape (vectors), whose preprocessing defaults to 'none'. */
export function isVectorInput(options: Readonly<Record<string, unknown>>): boolean {
  return Array.isArray(options.inputShape) && options.inputShape.length === 1;
}
