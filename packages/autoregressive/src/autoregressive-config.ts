/** Configuration keys shared by every autoregressive model (zod fields with their defaults), and its error class. */
import { ConfigError, adamSchema, clipNormSchema, inputShape, oneOf, positiveInteger, seedSchema } from '@genmodels/core-nn';
import { z } from 'zod';
import type { LikelihoodName } from './dimension-likelihood.js';

export class AutoregressiveConfigError extends ConfigError {
  override name = 'AutoregressiveConfigError';
}

/** Adam (Kingma & Ba 2015) with learning rate 1e-3 and epsilon 1e-8. */
const optimizerSchema = adamSchema({ learningRate: 1e-3, epsilon: 1e-8 });

export type AutoregressiveOptimizerConfig = z.output<typeof optimizerSchema>;

export const DEFAULT_OPTIMIZER: AutoregressiveOptimizerConfig = optimizerSchema.parse({});

/**
 * The keys every autoregressive config has. `likelihoods` lists those the model supports (the
 * first is the default); `inputShape` is the default shape of one example.
 */
export function autoregressiveFields<const L extends readonly [LikelihoodName, ...LikelihoodName[]]>(defaults: {
  inputShape: readonly number[];
  likelihoods: L;
  numMixtureComponents: number;
}) {
  return {
    /** Shape of one example: [D] for vectors, [height, width, 1] for images (NHWC, one channel). */
    inputShape: inputShape().default(defaults.inputShape),
    /** The distribution of each dimension given the ones before it. */
    // (the first of L; zod's enum type is not reducible to L[number] inside this generic)
    likelihood: oneOf(defaults.likelihoods).default(defaults.likelihoods[0] as never),
    /** Mixture components for 'logistic-mixture' and 'gaussian-mixture'. */
    numMixtureComponents: positiveInteger('5').default(defaults.numMixtureComponents),
    /** Adam settings. */
    optimizer: optimizerSchema.prefault({}),
    /** Global-norm gradient clipping threshold, or null for none. */
    clipNorm: clipNormSchema,
    /** Seed of the weight initialization (and of MADE's random orderings). */
    seed: seedSchema,
  };
}

const imageShapeMessage = '[height, width, 1] (one-channel NHWC images, e.g. [28, 28, 1])';

/** The inputShape of the image models: [height, width, 1], default [28, 28, 1]. */
export function imageShape() {
  return inputShape(imageShapeMessage)
    .refine((shape) => shape.length === 3 && shape[2] === 1, { error: imageShapeMessage, params: { phrase: true } })
    .default([28, 28, 1]);
}

/** An odd positive kernel size (masked convolutions are centred on the pixel). */
export function oddKernel() {
  const error = 'an odd positive integer (e.g. 3 or 7)';
  return z
    .int({ error })
    .positive({ error })
    .refine((k) => k % 2 === 1, { error, params: { phrase: true } });
}

type AllLikelihoods = ['bernoulli', 'categorical', 'logistic-mixture', 'gaussian-mixture'];

/** What every autoregressive model's config has (AutoregressiveModel reads only these). */
export type AutoregressiveConfig = Readonly<z.output<z.ZodObject<ReturnType<typeof autoregressiveFields<AllLikelihoods>>>>> & {
  readonly modelType: string;
  /** Classes of a class-conditional model; absent or 0 for an unconditional one. */
  readonly numClasses?: number;
};
