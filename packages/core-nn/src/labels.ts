/**
 * Class labels of conditional models, in one place: labeled batches, the labels sample() uses,
 * and their validation against numClasses and conversion to int32 indices or one-hot rows.
 * Plain lists are checked value by value; tensors in training batches only for their shape
 * (reading them back would force a device sync every step), tensors given to sample() also for
 * their values.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';

/** Labels as callers give them: a plain list or an int32 / float32 tensor, one per example. */
export type Labels = readonly number[] | Tensor1D;

/** A batch with class labels, one per example (core-data's labeledTensorDataSource yields an int32 tensor). */
export interface LabeledBatch<X extends Tensor = Tensor> {
  readonly x: X;
  readonly labels: Labels;
}

/**
 * Labels given positionally (`decode(z, labels)`) or in an options object (`decode(z, { labels })`,
 * `logProb(x, { labels, seed })`: the form generic callers such as the CLI use).
 */
export type LabelsArgument = Labels | { readonly labels?: Labels };

/** The labels of a LabelsArgument: the list or tensor itself, or the options' `labels` (undefined when absent). */
export function labelsOf(argument: LabelsArgument | undefined): Labels | undefined {
  if (argument === undefined || argument === null) return undefined;
  if (Array.isArray(argument) || argument instanceof tf.Tensor) return argument as Labels;
  return (argument as { labels?: Labels }).labels;
}

/** True for `{ x: Tensor, labels }`. */
export function isLabeledBatch(batch: unknown): batch is LabeledBatch {
  return typeof batch === 'object' && batch !== null && !(batch instanceof tf.Tensor) && (batch as { x?: unknown }).x instanceof tf.Tensor;
}

function checkCount(labels: Labels, count: number, where: string): void {
  if (labels instanceof tf.Tensor) {
    if (labels.rank !== 1 || labels.shape[0] !== count) {
      throw new Error(`${where}: expected ${count} labels (one per example), got a tensor shaped [${labels.shape.join(', ')}]`);
    }
  } else if (!Array.isArray(labels) || labels.length !== count) {
    throw new Error(`${where}: expected ${count} labels (one per example), got ${Array.isArray(labels) ? labels.length : JSON.stringify(labels)}`);
  }
}

function checkValues(values: readonly number[], numClasses: number, where: string): void {
  const bad = values.find((l) => !(Number.isInteger(l) && l >= 0 && l < numClasses));
  if (bad !== undefined) throw new Error(`${where}: labels must be class indices 0..${numClasses - 1}, got ${bad}`);
}

/**
 * The data and labels of a batch for a model with `numClasses` classes: a conditional model
 * (numClasses > 0) needs `{ x, labels }` with one label per example; an unconditional one takes
 * a tensor or `{ x, labels }` and ignores the labels.
 */
export function splitBatch(batch: Tensor | LabeledBatch, numClasses: number, where: string): { x: Tensor; labels: Labels | undefined } {
  const labeled = isLabeledBatch(batch);
  if (!labeled && !(batch instanceof tf.Tensor)) throw new Error(`${where}: a batch must be a tensor or { x, labels }, got ${typeof batch}`);
  const x = labeled ? batch.x : (batch as Tensor);
  if (numClasses === 0) return { x, labels: undefined };
  if (!labeled) {
    throw new Error(
      `${where}: this model is class-conditional (numClasses ${numClasses}); train it on batches { x, labels } (labeledTensorDataSource from @genmodels/core-data), got a bare tensor`,
    );
  }
  checkCount(batch.labels, x.shape[0], where);
  return { x, labels: batch.labels };
}

/** Labels as int32 indices [count] (the caller owns the tensor); lists are checked against numClasses. */
export function labelIndices(labels: Labels, count: number, numClasses: number, where: string): Tensor1D {
  checkCount(labels, count, where);
  if (labels instanceof tf.Tensor) return tf.cast(labels, 'int32');
  checkValues(labels, numClasses, where);
  return tf.tensor1d(labels as number[], 'int32');
}

/** Labels as one-hot float32 rows [count, numClasses] (the caller owns the tensor). */
export function oneHotLabels(labels: Labels, count: number, numClasses: number, where: string): Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(labelIndices(labels, count, numClasses, where), numClasses), 'float32') as Tensor2D);
}

/** Classes 0, 1, ..., numClasses - 1, repeated to `count` labels. */
export function cycledLabels(count: number, numClasses: number): number[] {
  return Array.from({ length: count }, (_, i) => i % numClasses);
}

/**
 * The labels sample() (or inpaint, decode) uses for `count` examples: the given ones, checked
 * against numClasses (tensors are read back: this is not a training step), or classes cycled
 * when none are given. An unconditional model (numClasses 0) gets undefined, and given labels
 * are an error there.
 */
export function sampleLabels(labels: Labels | undefined, count: number, numClasses: number, where: string): number[] | undefined {
  if (numClasses === 0) {
    if (labels !== undefined) throw new Error(`${where}: labels given to an unconditional model (numClasses 0); drop them`);
    return undefined;
  }
  if (labels === undefined) return cycledLabels(count, numClasses);
  checkCount(labels, count, where);
  const values = labels instanceof tf.Tensor ? Array.from(labels.dataSync()) : [...labels];
  checkValues(values, numClasses, where);
  return values;
}
