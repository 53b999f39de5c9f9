import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Transform, TransformResult } from './transform.js';

/**
 * A fixed permutation of the last axis (features or channels): log|det J| = 0. Stacks of
 * autoregressive layers reverse the order between layers (Papamakarios et al. 2017, sec 3.2).
 */
export class Permutation implements Transform {
  readonly indices: readonly number[];
  private readonly inverseIndices: number[];

  constructor(indices: readonly number[]) {
    const n = indices.length;
    const seen = new Set(indices);
    if (n === 0 || seen.size !== n || !indices.every((i) => Number.isInteger(i) && i >= 0 && i < n)) {
      throw new Error(`Permutation: indices must be a permutation of 0..n-1, got ${JSON.stringify(indices)}`);
    }
    this.indices = [...indices];
    this.inverseIndices = new Array<number>(n);
    indices.forEach((source, target) => (this.inverseIndices[source] = target));
  }

  /** The order-reversing permutation of n features. */
  static reverse(n: number): Permutation {
    return new Permutation(Array.from({ length: n }, (_, i) => n - 1 - i));
  }

  private gather(x: Tensor, indices: readonly number[]): TransformResult {
    if (x.shape[x.rank - 1] !== indices.length) {
      throw new Error(`Permutation: expected a last axis of size ${indices.length}, got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => ({
      outputs: tf.gather(x, tf.tensor1d(indices as number[], 'int32'), x.rank - 1),
      logAbsDet: tf.zeros([x.shape[0]]) as tf.Tensor1D,
    }));
  }

  forward(x: Tensor): TransformResult {
    return this.gather(x, this.indices);
  }

  inverse(z: Tensor): TransformResult {
    return this.gather(z, this.inverseIndices);
  }
}
