/** Tiny seeded batches for model tests. */
import * as tf from '@tensorflow/tfjs-core';

/** 8-bit images k / 255 shaped [n, h, w, c]. */
export function eightBitImages(seed: number, shape: [number, number, number, number]): tf.Tensor {
  return tf.tidy(() => tf.div(tf.floor(tf.randomUniform(shape, 0, 256, 'float32', seed)), 255));
}

/** Points of two Gaussian blobs at (-1, 0) and (1, 0.5), [n, 2]. */
export function blobPoints(seed: number, n = 16): tf.Tensor2D {
  return tf.tidy(() => {
    const noise = tf.randomNormal([n, 2], 0, 0.3, 'float32', seed);
    const centres = tf.tensor2d(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? [-1, 0] : [1, 0.5])));
    return tf.add(noise, centres) as tf.Tensor2D;
  });
}
