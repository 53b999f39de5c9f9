import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Transform, TransformResult } from './transform.js';

/**
 * The squeezing operation of RealNVP (Dinh et al. 2017, sec 3.6): each 2x2 spatial block becomes
 * 4 channels, [b, h, w, c] -> [b, h/2, w/2, 4c] (a permutation: log|det J| = 0). The channel
 * order is (row offset, column offset, channel), as in space-to-depth.
 */
export class Squeeze implements Transform {
  forward(x: Tensor): TransformResult {
    const [b, h, w, c] = x.shape as [number, number, number, number];
    if (x.rank !== 4 || h % 2 !== 0 || w % 2 !== 0) {
      throw new Error(`Squeeze: expected [batch, height, width, channels] with even height and width, got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const blocks = tf.reshape(x, [b, h / 2, 2, w / 2, 2, c]);
      const outputs = tf.reshape(tf.transpose(blocks, [0, 1, 3, 2, 4, 5]), [b, h / 2, w / 2, 4 * c]);
      return { outputs, logAbsDet: tf.zeros([b]) as tf.Tensor1D };
    });
  }

  inverse(z: Tensor): TransformResult {
    const [b, h, w, c4] = z.shape as [number, number, number, number];
    if (z.rank !== 4 || c4 % 4 !== 0) {
      throw new Error(`Squeeze.inverse: expected [batch, height, width, channels] with channels divisible by 4, got [${z.shape.join(', ')}]`);
    }
    const c = c4 / 4;
    return tf.tidy(() => {
      const blocks = tf.transpose(tf.reshape(z, [b, h, w, 2, 2, c]), [0, 1, 3, 2, 4, 5]);
      return { outputs: tf.reshape(blocks, [b, 2 * h, 2 * w, c]), logAbsDet: tf.zeros([b]) as tf.Tensor1D };
    });
  }
}
