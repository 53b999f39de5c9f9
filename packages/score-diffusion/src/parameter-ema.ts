/**
 * An exponential moving average of a model's trainable weights, kept as non-trainable variables
 * `ema/<name>` in the model's own Parameters (so they are saved, loaded and disposed with the
 * weights), with TensorFlow's warm-up: decay_n = min(decay, (1 + n) / (10 + n)) at update n, so
 * a short run is not dominated by the initial weights. Ho et al. 2020 sample with an EMA of decay
 * 0.9999; core-nn's ExponentialMovingAverage has no warm-up and keeps its shadows outside Parameters.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Variable } from '@tensorflow/tfjs-core';
import { logicalNameOf, type Parameters } from '@genmodels/core-nn';

export class ParameterEMA {
  readonly decay: number;
  private readonly live: Variable[];
  private readonly shadows: Variable[];
  private readonly updates: Variable;

  /** Shadows every trainable variable of `params` (created before this call). */
  constructor(params: Parameters, decay: number) {
    if (!(decay >= 0 && decay < 1)) throw new Error(`EMA: decay must be in [0, 1), got ${decay}`);
    this.decay = decay;
    this.live = params.trainableVariables;
    const scope = params.scope('ema');
    this.shadows = this.live.map((v) => {
      const shadow = scope.create(logicalNameOf(v), [...v.shape], 'zeros', { trainable: false });
      shadow.assign(v);
      return shadow;
    });
    this.updates = scope.create('updates', [1], 'zeros', { trainable: false });
  }

  /** shadow <- d * shadow + (1 - d) * live with the warmed-up decay d. */
  update(): void {
    tf.tidy(() => {
      const n = this.updates;
      const warm = tf.div(tf.add(n, 1), tf.add(n, 10));
      const d = tf.minimum(warm, this.decay);
      const oneMinus = tf.sub(1, d);
      this.shadows.forEach((shadow, i) => shadow.assign(tf.add(tf.mul(shadow, d), tf.mul(this.live[i], oneMinus))));
      this.updates.assign(tf.add(n, 1));
    });
  }

  /** Runs `fn` with the averaged weights in the live variables, then puts the live weights back. */
  withAveragedWeights<T>(fn: () => T): T {
    const saved = this.live.map((v) => tf.clone(v));
    this.live.forEach((v, i) => v.assign(this.shadows[i]));
    try {
      return fn();
    } finally {
      this.live.forEach((v, i) => v.assign(saved[i]));
      tf.dispose(saved);
    }
  }
}
