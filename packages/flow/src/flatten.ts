import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Transform, TransformResult } from './transform.js';

/** Reshapes [batch, ...eventShape] to [batch, prod(eventShape)] (log|det J| = 0), so vector flows run on images. */
export class Flatten implements Transform {
  constructor(readonly eventShape: readonly number[]) {}

  forward(x: Tensor): TransformResult {
    return tf.tidy(() => ({ outputs: tf.reshape(x, [x.shape[0], -1]), logAbsDet: tf.zeros([x.shape[0]]) as tf.Tensor1D }));
  }

  inverse(z: Tensor): TransformResult {
    return tf.tidy(() => ({ outputs: tf.reshape(z, [z.shape[0], ...this.eventShape]), logAbsDet: tf.zeros([z.shape[0]]) as tf.Tensor1D }));
  }
}
