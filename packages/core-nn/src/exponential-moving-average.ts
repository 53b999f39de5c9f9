import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Variable } from '@tensorflow/tfjs-core';
import { logicalNameOf, Parameters } from './parameters.js';

export interface ExponentialMovingAverageOptions {
  /** d in shadow <- d * shadow + (1 - d) * variable; in [0, 1). */
  decay: number;
  /**
   * Where the averages live:
   * - omitted: variables of the average's own (not model weights; save them with getWeights);
   * - a Parameters scope: non-trainable weights `<scope>/<variable's logical name>`, saved,
   *   loaded and disposed with the model's weights (e.g. `params.scope('ema')`);
   * - a list of variables matching `variables` one to one (e.g. every weight of a second copy of
   *   a network that samples with the averaged weights).
   * Shadows start as copies of the variables.
   */
  shadows?: Parameters | Variable[];
  /**
   * TensorFlow's num_updates warm-up: update t uses d_t = min(decay, (1 + t) / (10 + t)), so a
   * short run is not dominated by the initial weights. The count t is a non-trainable [1] weight
   * created as `name` in `params` (saved with the model).
   */
  warmup?: { params: Parameters; name: string };
}

/**
 * An exponential moving average of weights (Polyak & Juditsky 1992; used for sampling by DDPM,
 * Ho et al. 2020, with decay 0.9999, and GANs, Karras et al. 2018, Yazici et al. 2019):
 *   shadow <- d * shadow + (1 - d) * variable, after each optimizer step,
 * with the decay d fixed or warmed up (see options). `swap()` exchanges shadows and live weights
 * (call it again to swap back), e.g. to sample with the averaged weights.
 */
export class ExponentialMovingAverage {
  readonly decay: number;
  private readonly variables: Variable[];
  private readonly shadows: Variable[];
  private readonly names: string[];
  private readonly ownsShadows: boolean;
  private readonly updates: Variable | null;
  private disposed = false;

  /** `variables`: a list, or the trainable variables of a Parameters view. `options`: the decay, or options. */
  constructor(variables: Variable[] | Parameters, options: number | ExponentialMovingAverageOptions) {
    const { decay, shadows, warmup } = typeof options === 'number' ? { decay: options, shadows: undefined, warmup: undefined } : options;
    if (!(decay >= 0 && decay < 1)) throw new Error(`ExponentialMovingAverage: decay must be in [0, 1), got ${decay}`);
    this.decay = decay;
    this.variables = variables instanceof Parameters ? variables.trainableVariables : [...variables];
    this.names = this.variables.map((v) => logicalNameOf(v));
    if (new Set(this.names).size !== this.names.length) throw new Error('ExponentialMovingAverage: variable names must be unique');
    this.ownsShadows = shadows === undefined;
    if (shadows === undefined) {
      this.shadows = this.variables.map((v) => tf.variable(v, false));
    } else if (shadows instanceof Parameters) {
      this.shadows = this.variables.map((v) => {
        const shadow = shadows.create(logicalNameOf(v), [...v.shape], 'zeros', { trainable: false });
        shadow.assign(v);
        return shadow;
      });
    } else {
      const mismatch = shadows.length !== this.variables.length || shadows.some((s, i) => s.shape.join() !== this.variables[i].shape.join());
      if (mismatch) throw new Error('ExponentialMovingAverage: the shadow variables do not match the averaged ones (count or shapes)');
      this.shadows = [...shadows];
      this.shadows.forEach((s, i) => s.assign(this.variables[i]));
    }
    this.updates = warmup ? warmup.params.create(warmup.name, [1], 'zeros', { trainable: false }) : null;
  }

  private check(): void {
    if (this.disposed) throw new Error('ExponentialMovingAverage: used after dispose()');
  }

  /** shadow <- d * shadow + (1 - d) * variable, with d the decay (warmed up when configured). */
  update(): void {
    this.check();
    tf.tidy(() => {
      if (!this.updates) {
        this.shadows.forEach((shadow, i) => {
          shadow.assign(tf.add(tf.mul(shadow, this.decay), tf.mul(this.variables[i], 1 - this.decay)));
        });
        return;
      }
      const t = this.updates;
      const d = tf.minimum(tf.div(tf.add(t, 1), tf.add(t, 10)), this.decay);
      const oneMinus = tf.sub(1, d);
      this.shadows.forEach((shadow, i) => shadow.assign(tf.add(tf.mul(shadow, d), tf.mul(this.variables[i], oneMinus))));
      t.assign(tf.add(t, 1));
    });
  }

  /** The averaged variables, in the order of the averaged ones (e.g. to build a second network). */
  get averages(): readonly Variable[] {
    return this.shadows;
  }

  /** Copies of the averaged weights by the averaged variables' logical names (the caller owns them). */
  getWeights(): NamedTensorMap {
    this.check();
    const out: NamedTensorMap = {};
    this.shadows.forEach((s, i) => {
      out[this.names[i]] = tf.clone(s);
    });
    return out;
  }

  /** Restores shadows (e.g. from a checkpoint); every name must be present with the right shape. */
  setWeights(weights: NamedTensorMap): void {
    this.check();
    const problems: string[] = [];
    this.names.forEach((name, i) => {
      const w = weights[name];
      if (!w) problems.push(`missing ${name}`);
      else if (w.shape.join(',') !== this.shadows[i].shape.join(',')) problems.push(`shape mismatch for ${name}`);
    });
    if (problems.length) throw new Error(`ExponentialMovingAverage.setWeights: ${problems.join('; ')}`);
    this.shadows.forEach((s, i) => s.assign(weights[this.names[i]]));
  }

  /** Copies the averaged weights into the live variables (irreversible; see swap()). */
  copyToVariables(): void {
    this.check();
    this.variables.forEach((v, i) => v.assign(this.shadows[i]));
  }

  /** Exchanges live weights and shadows; calling it twice restores both. */
  swap(): void {
    this.check();
    tf.tidy(() => {
      this.variables.forEach((v, i) => {
        const live = tf.clone(v);
        v.assign(this.shadows[i]);
        this.shadows[i].assign(live);
      });
    });
  }

  /** Runs `fn` with the averaged weights swapped in, then swaps back (even if `fn` throws). */
  withAveragedWeights<T>(fn: () => T): T {
    this.swap();
    try {
      return fn();
    } finally {
      this.swap();
    }
  }

  /** Frees shadows the average owns (those in a Parameters scope or given as a list belong to their owner). */
  dispose(): void {
    if (this.disposed) return;
    if (this.ownsShadows) tf.dispose(this.shadows);
    this.disposed = true;
  }
}
