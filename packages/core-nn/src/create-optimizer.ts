import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer } from '@tensorflow/tfjs-core';
import { FusedAdamOptimizer } from './fused-adam.js';

/** A JSON description of an optimizer (store it in the model config). */
export type OptimizerSpec =
  | { name: 'adam'; learningRate: number; beta1?: number; beta2?: number; epsilon?: number }
  | { name: 'adamax'; learningRate: number; beta1?: number; beta2?: number; epsilon?: number; decay?: number }
  | { name: 'sgd'; learningRate: number }
  | { name: 'momentum'; learningRate: number; momentum: number; useNesterov?: boolean }
  | { name: 'rmsprop'; learningRate: number; decay?: number; momentum?: number; epsilon?: number; centered?: boolean }
  | { name: 'adagrad'; learningRate: number; initialAccumulatorValue?: number }
  | { name: 'adadelta'; learningRate: number; rho?: number; epsilon?: number };

/**
 * Builds a TF.js optimizer from a spec. Adam defaults follow Kingma & Ba 2015 (beta1 0.9,
 * beta2 0.999) with epsilon 1e-7 (TF.js / Keras default for float32). Adam is a
 * FusedAdamOptimizer: tfjs-core's Adam, bit for bit, whose per-variable update runs as one
 * kernel on backends that register GenmodelsAdamUpdate (fused-adam.ts).
 */
export function createOptimizer(spec: OptimizerSpec): Optimizer {
  if (!(typeof spec.learningRate === 'number' && spec.learningRate > 0 && Number.isFinite(spec.learningRate))) {
    throw new Error(`createOptimizer: learningRate must be a positive number, got ${String(spec.learningRate)}`);
  }
  switch (spec.name) {
    case 'adam':
      return new FusedAdamOptimizer(spec.learningRate, spec.beta1 ?? 0.9, spec.beta2 ?? 0.999, spec.epsilon ?? 1e-7);
    case 'adamax':
      return tf.train.adamax(spec.learningRate, spec.beta1 ?? 0.9, spec.beta2 ?? 0.999, spec.epsilon ?? 1e-7, spec.decay ?? 0);
    case 'sgd':
      return tf.train.sgd(spec.learningRate);
    case 'momentum':
      return tf.train.momentum(spec.learningRate, spec.momentum, spec.useNesterov ?? false);
    case 'rmsprop':
      return tf.train.rmsprop(spec.learningRate, spec.decay ?? 0.9, spec.momentum ?? 0, spec.epsilon ?? 1e-7, spec.centered ?? false);
    case 'adagrad':
      return tf.train.adagrad(spec.learningRate, spec.initialAccumulatorValue ?? 0.1);
    case 'adadelta':
      return tf.train.adadelta(spec.learningRate, spec.rho ?? 0.95, spec.epsilon ?? 1e-7);
    default:
      throw new Error(
        `createOptimizer: unknown optimizer "${(spec as { name: string }).name}"; use adam, adamax, sgd, momentum, rmsprop, adagrad or adadelta`,
      );
  }
}

/**
 * Disposes an optimizer and every tensor it holds. Use this rather than optimizer.dispose():
 * in tfjs-core 4.22 MomentumOptimizer.dispose() does not free the learning-rate scalar it
 * inherits from SGDOptimizer, which would leak one tensor per optimizer.
 */
export function disposeOptimizer(optimizer: Optimizer): void {
  optimizer.dispose();
  if (optimizer.getClassName() === 'Momentum') {
    const c = (optimizer as unknown as { c?: tf.Tensor }).c;
    if (c && !c.isDisposed) c.dispose();
  }
}
