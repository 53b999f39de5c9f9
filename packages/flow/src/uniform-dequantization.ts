import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { sizeOf } from './event-shape.js';
import type { Transform, TransformOptions, TransformResult } from './transform.js';

/** Seed of the dequantization noise when the caller gives none (evaluation is reproducible). */
export const DEFAULT_DEQUANTIZATION_SEED = 25_600;

/**
 * Uniform dequantization of 8-bit data as a flow layer (Theis, van den Oord & Bethge 2016;
 * Dinh et al. 2017, sec 4.1). forward maps pixels x = k / 255 (k in 0..255) to
 * x' = (k + u) / 256 with u ~ U(0, 1)^D, and reports logAbsDet = -D log 256: for a density p on
 * [0, 1)^D, log P(k) >= E_u[log p(x')] - D log 256 (Jensen), so
 *   log p(x') + logAbsDet
 * is an unbiased estimate of a lower bound on the log-probability of the discrete image, and
 * bits/dim computed from it is honest. inverse quantizes x' back to floor(256 x') / 255 (exact
 * on the bins: inverse(forward(x)) = x) with logAbsDet = +D log 256.
 * The noise is seeded by options.seed (default DEFAULT_DEQUANTIZATION_SEED).
 */
export class UniformDequantization implements Transform {
  constructor(readonly levels = 256) {
    if (!Number.isInteger(levels) || levels < 2) {
      throw new Error(`UniformDequantization: levels must be an integer >= 2 (256 for 8-bit data), got ${levels}`);
    }
  }

  private logVolume(x: Tensor): number {
    return sizeOf(x.shape.slice(1)) * Math.log(this.levels);
  }

  forward(x: Tensor, options: TransformOptions = {}): TransformResult {
    const seed = options.seed ?? DEFAULT_DEQUANTIZATION_SEED;
    const k = this.levels - 1;
    return tf.tidy(() => {
      const u = tf.randomUniform(x.shape, 0, 1, 'float32', seed);
      // round(k * x) recovers the integer level exactly from x = level / k.
      const outputs = tf.div(tf.add(tf.round(tf.mul(x, k)), u), this.levels);
      return { outputs, logAbsDet: tf.fill([x.shape[0]], -this.logVolume(x)) as tf.Tensor1D };
    });
  }

  inverse(z: Tensor): TransformResult {
    const k = this.levels - 1;
    return tf.tidy(() => {
      const level = tf.clipByValue(tf.floor(tf.mul(z, this.levels)), 0, k);
      return { outputs: tf.div(level, k), logAbsDet: tf.fill([z.shape[0]], this.logVolume(z)) as tf.Tensor1D };
    });
  }
}
