import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Variable } from '@tensorflow/tfjs-core';
import { logicalNameOf, Parameters } from './parameters.js';

/**
 * An exponential moving average of weights (Polyak & Juditsky 1992; used for DDPM sampling):
 *   shadow <- decay * shadow + (1 - decay) * variable, after each optimizer step.
 * Shadows start as copies of the variables. `swap()` exchanges shadows and live weights (call it
 * again to swap back), e.g. to sample with the averaged weights. Shadows are keyed by the
 * variables' logical names, so getWeights/setWeights serve as checkpoint state.
 */
export class ExponentialMovingAverage {
  readonly decay: number;
  private readonly variables: Variable[];
  private readonly shadows: Variable[];
  private readonly names: string[];
  private disposed = false;

  constructor(variables: Variable[] | Parameters, decay: number) {
    if (!(decay >= 0 && decay < 1)) throw new Error(`ExponentialMovingAverage: decay must be in [0, 1), got ${decay}`);
    this.decay = decay;
    this.variables = variables instanceof Parameters ? variables.trainableVariables : [...variables];
    this.names = this.variables.map((v) => logicalNameOf(v));
    if (new Set(this.names).size !== this.names.length) throw new Error('ExponentialMovingAverage: variable names must be unique');
    this.shadows = this.variables.map((v) => tf.variable(v, false));
  }

  private check(): void {
    if (this.disposed) throw new Error('ExponentialMovingAverage: used after dispose()');
  }

  /** shadow <- decay * shadow + (1 - decay) * variable. */
  update(): void {
    this.check();
    tf.tidy(() => {
      this.shadows.forEach((shadow, i) => {
        shadow.assign(tf.add(tf.mul(shadow, this.decay), tf.mul(this.variables[i], 1 - this.decay)));
      });
    });
  }

  /** Copies of the averaged weights by logical name (the caller owns them). */
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

  dispose(): void {
    if (this.disposed) return;
    tf.dispose(this.shadows);
    this.disposed = true;
  }
}
