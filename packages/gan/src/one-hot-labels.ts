import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';

/** One-hot float32 rows [batch, numClasses] from integer labels [batch]. */
export function oneHotLabels(labels: Tensor, numClasses: number): Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, numClasses), 'float32') as Tensor2D);
}
