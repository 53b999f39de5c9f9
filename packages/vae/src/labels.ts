/** How the VAE's methods take class labels (validated and one-hot encoded by core-nn's labels helpers). */
import * as tf from '@tensorflow/tfjs-core';
import type { Labels } from '@genmodels/core-nn';

/**
 * Labels given positionally (`decode(z, labels)`) or as an options object (`decode(z, { labels })`,
 * the form generic callers such as the CLI use).
 */
export type LabelsArgument = Labels | { readonly labels?: Labels };

export function normalizeLabels(argument: LabelsArgument | undefined): Labels | undefined {
  if (argument === undefined || argument === null) return undefined;
  if (Array.isArray(argument) || argument instanceof tf.Tensor) return argument as Labels;
  return (argument as { labels?: Labels }).labels;
}
