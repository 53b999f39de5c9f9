/**
 * Trainable parameters of a model, the figure both sides of `--compare pytorch` print so that a
 * mismatch in the networks shows: the model's weights (getWeights names) that are registered as
 * trainable variables. Moving statistics and EMA copies are weights but not trainable; the
 * optimizers' own scalars are trainable variables but not weights.
 */
import type { GenerativeModel } from '@genmodels/core-nn';
import { logicalNameOf } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';

export function countTrainableParameters(model: GenerativeModel<unknown>): number {
  const weights = model.getWeights();
  const names = new Set(Object.keys(weights));
  tf.dispose(Object.values(weights));
  let count = 0;
  for (const variable of Object.values(tf.engine().registeredVariables)) {
    if (variable.trainable && names.delete(logicalNameOf(variable))) count += variable.size;
  }
  return count;
}
