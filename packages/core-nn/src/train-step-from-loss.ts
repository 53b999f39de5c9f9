import * as tf from '@tensorflow/tfjs-core';
import type { Scalar } from '@tensorflow/tfjs-core';
import { minimize } from './minimize.js';
import type { StepMetrics } from './model-spec.js';
import type { OptimizerSlot } from './model-state.js';

/** What a model's objective returns: the scalar to minimize and the metrics to report beside it. */
export type LossResult = Scalar | { loss: Scalar; metrics?: StepMetrics };

export interface TrainStepOptions {
  /** Rescale gradients to this global L2 norm at most (Pascanu et al. 2013); null or absent for none. */
  clipNorm?: number | null;
}

/**
 * The trainStep of a model with one objective (design notes: "models with one objective write
 * loss(batch) and get trainStep from a shared helper"): gradients of `loss` for the slot's
 * variables by reverse-mode autodiff, optional clipping by global norm, one step of the slot's
 * optimizer. Returns { loss, ...metrics, 'grad/norm' } (the norm before clipping) as scalar
 * tensors the caller owns; everything else `loss` creates is freed.
 */
export function trainStepFromLoss(slot: OptimizerSlot, loss: () => LossResult, options: TrainStepOptions = {}): StepMetrics {
  return minimize(slot.optimizer, loss, { varList: slot.variables(), clipNorm: options.clipNorm ?? undefined });
}

/** The evaluateStep of the same model: `loss` in a tf.tidy, no gradient, no update; { loss, ...metrics }. */
export function evaluateStepFromLoss(loss: () => LossResult): StepMetrics {
  return tf.tidy(() => {
    const result = loss();
    return result instanceof tf.Tensor ? { loss: result } : { loss: result.loss, ...(result.metrics ?? {}) };
  });
}
