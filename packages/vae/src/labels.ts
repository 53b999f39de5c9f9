/** Class labels for conditional models: validation and one-hot encoding. */
import * as tf from '@tensorflow/tfjs-core';

/** Labels as given by callers: a plain list or an int32/float32 tensor, one per example. */
export type Labels = readonly number[] | tf.Tensor1D;

/** A conditional batch, as labeledTensorDataSource from @genmodels/core-data yields it. */
export interface LabeledBatch {
  x: tf.Tensor;
  labels: tf.Tensor1D;
}

/**
 * The one-hot encoding [count, numClasses] of `labels`; a plain list is checked (length and
 * range), a tensor only for its length (reading it back would force a device sync).
 */
export function oneHotLabels(labels: Labels, count: number, numClasses: number, where: string): tf.Tensor2D {
  if (labels instanceof tf.Tensor) {
    if (labels.rank !== 1 || labels.shape[0] !== count) {
      throw new Error(`${where}: expected ${count} labels (one per example), got a tensor shaped [${labels.shape.join(', ')}]`);
    }
    return tf.tidy(() => tf.cast(tf.oneHot(tf.cast(labels, 'int32'), numClasses), 'float32') as tf.Tensor2D);
  }
  if (!Array.isArray(labels) || labels.length !== count) {
    throw new Error(`${where}: expected ${count} labels (one per example), got ${Array.isArray(labels) ? labels.length : JSON.stringify(labels)}`);
  }
  const bad = labels.find((l) => !(Number.isInteger(l) && l >= 0 && l < numClasses));
  if (bad !== undefined) throw new Error(`${where}: labels must be class indices 0..${numClasses - 1}, got ${bad}`);
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels as number[], 'int32'), numClasses), 'float32') as tf.Tensor2D);
}

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
