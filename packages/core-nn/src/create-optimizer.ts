import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer } from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { flag, fraction, nonNegativeNumber, positiveNumber } from './config-schemas.js';
import { FusedAdamOptimizer } from './fused-adam.js';
import { parseConfig } from './parse-config.js';

const optional = { positive: () => positiveNumber().optional(), fraction: () => fraction().optional() };

/** The JSON description of an optimizer (store it in the model config), as a strict zod schema. */
export const OptimizerSpecSchema = z.discriminatedUnion(
  'name',
  [
    z.strictObject({ name: z.literal('adam'), learningRate: positiveNumber(), beta1: optional.fraction(), beta2: optional.fraction(), epsilon: optional.positive() }),
    z.strictObject({
      name: z.literal('adamax'),
      learningRate: positiveNumber(),
      beta1: optional.fraction(),
      beta2: optional.fraction(),
      epsilon: optional.positive(),
      decay: nonNegativeNumber().optional(),
    }),
    z.strictObject({ name: z.literal('sgd'), learningRate: positiveNumber() }),
    z.strictObject({ name: z.literal('momentum'), learningRate: positiveNumber(), momentum: nonNegativeNumber(), useNesterov: flag().optional() }),
    z.strictObject({
      name: z.literal('rmsprop'),
      learningRate: positiveNumber(),
      decay: optional.fraction(),
      momentum: nonNegativeNumber().optional(),
      epsilon: optional.positive(),
      centered: flag().optional(),
    }),
    z.strictObject({ name: z.literal('adagrad'), learningRate: positiveNumber(), initialAccumulatorValue: optional.positive() }),
    z.strictObject({ name: z.literal('adadelta'), learningRate: positiveNumber(), rho: optional.fraction(), epsilon: optional.positive() }),
  ],
  { error: "an optimizer named 'adam', 'adamax', 'sgd', 'momentum', 'rmsprop', 'adagrad' or 'adadelta'" },
);

/** A JSON description of an optimizer (store it in the model config). */
export type OptimizerSpec = z.input<typeof OptimizerSpecSchema>;

/**
 * Builds a TF.js optimizer from a spec (validated: a wrong or unknown key is a one-line
 * ConfigError). Adam defaults follow Kingma & Ba 2015 (beta1 0.9, beta2 0.999) with epsilon 1e-7
 * (TF.js / Keras default for float32). Adam is a FusedAdamOptimizer: tfjs-core's Adam, bit for
 * bit, whose per-variable update runs as one kernel on backends that register
 * GenmodelsAdamUpdate (fused-adam.ts).
 */
export function createOptimizer(options: OptimizerSpec): Optimizer {
  const spec = parseConfig(OptimizerSpecSchema, options, { name: 'createOptimizer' });
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
