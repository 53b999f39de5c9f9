import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Transform, TransformOptions, TransformResult } from './transform.js';

/**
 * A chain of transforms f = f_n o ... o f_1 (data side first). forward runs f_1 ... f_n and sums
 * their log-determinants (chain rule: log|det J_f| = sum_k log|det J_fk|); inverse runs the
 * inverses in reverse order.
 */
export class CompositeTransform implements Transform {
  readonly transforms: readonly Transform[];

  constructor(transforms: readonly Transform[]) {
    if (transforms.length === 0) throw new Error('CompositeTransform: give at least one transform');
    this.transforms = transforms;
  }

  forward(x: Tensor, options: TransformOptions = {}): TransformResult {
    return chain(this.transforms, x, options, (t, input, o) => t.forward(input, o));
  }

  inverse(z: Tensor, options: TransformOptions = {}): TransformResult {
    return chain([...this.transforms].reverse(), z, options, (t, input, o) => t.inverse(input, o));
  }
}

function chain(
  transforms: readonly Transform[],
  input: Tensor,
  options: TransformOptions,
  run: (t: Transform, input: Tensor, options: TransformOptions) => TransformResult,
): TransformResult {
  return tf.tidy(() => {
    let outputs = input;
    let total: Tensor = tf.zeros([input.shape[0]]);
    for (const t of transforms) {
      const result = run(t, outputs, options);
      outputs = result.outputs;
      total = tf.add(total, result.logAbsDet);
    }
    return { outputs, logAbsDet: total as tf.Tensor1D };
  });
}
