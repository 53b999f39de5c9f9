import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { sumOverEvent } from './event-shape.js';
import type { Transform, TransformResult } from './transform.js';

/**
 * The logit transform of RealNVP (Dinh et al. 2017, sec 4.1) as a flow layer:
 *   forward: y = logit(p), p = alpha + (1 - 2 alpha) x, for x in [0, 1];
 *   log|dy/dx| = sum_i [log(1 - 2 alpha) - log p_i - log(1 - p_i)].
 * inverse: x = (sigmoid(y) - alpha) / (1 - 2 alpha), with the negated log-determinant.
 */
export class LogitTransform implements Transform {
  constructor(readonly alpha = 0.05) {
    if (!(alpha >= 0 && alpha < 0.5)) throw new Error(`LogitTransform: alpha must be in [0, 0.5), got ${alpha} (RealNVP uses 0.05)`);
  }

  forward(x: Tensor): TransformResult {
    const a = this.alpha;
    return tf.tidy(() => {
      const p = tf.add(tf.mul(x, 1 - 2 * a), a);
      const logP = tf.log(p);
      const log1mP = tf.log1p(tf.neg(p));
      const logAbsDet = sumOverEvent(tf.sub(Math.log(1 - 2 * a), tf.add(logP, log1mP)));
      return { outputs: tf.sub(logP, log1mP), logAbsDet };
    });
  }

  inverse(y: Tensor): TransformResult {
    const a = this.alpha;
    return tf.tidy(() => {
      const outputs = tf.div(tf.sub(tf.sigmoid(y), a), 1 - 2 * a);
      // log p + log(1 - p) with p = sigmoid(y): -softplus(-y) - softplus(y).
      const logAbsDet = sumOverEvent(tf.sub(tf.neg(tf.add(tf.softplus(tf.neg(y)), tf.softplus(y))), Math.log(1 - 2 * a)));
      return { outputs, logAbsDet };
    });
  }
}
