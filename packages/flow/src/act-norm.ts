import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';
import type { ParameterizedTransform, TransformOptions, TransformResult } from './transform.js';

/**
 * Switch shared by the ActNorm layers of one model: while `active`, an uninitialized ActNorm
 * initializes itself from the batch it sees (the model turns it on for one forward pass).
 */
export interface DataInitialization {
  active: boolean;
}

/**
 * Activation normalization (Glow, Kingma & Dhariwal 2018, sec 3.1): a per-channel affine map
 *   y = (x + bias) * exp(logScale),  log|det J| = (h * w) * sum(logScale)
 * over [batch, ..., channels] (h * w = number of positions per channel). Data-dependent
 * initialization sets bias = -mean and logScale = -log(std + 1e-6) from the first batch, so that
 * the output has zero mean and unit variance per channel. Whether that happened is the
 * non-trainable variable `initialized` ([1], 0 or 1): it is saved and restored with the weights,
 * so loading a trained model never re-initializes it. A host-side boolean mirrors it, set when the
 * initialization runs and by syncInitialized() after weights are loaded, so a training step never
 * reads the flag back from the device.
 */
export class ActNorm implements ParameterizedTransform {
  readonly params: Parameters;
  readonly bias: Variable;
  readonly logScale: Variable;
  readonly initialized: Variable;
  private readonly channels: number;
  private readonly initialization: DataInitialization | null;
  /** Host mirror of `initialized` (the variable starts at 0). */
  private initializedOnHost = false;

  constructor(params: Parameters, options: { channels: number; initialization?: DataInitialization }) {
    if (!Number.isInteger(options.channels) || options.channels < 1) {
      throw new Error(`ActNorm: channels must be a positive integer, got ${options.channels}`);
    }
    this.params = params;
    this.channels = options.channels;
    this.bias = params.create('bias', [options.channels], 'zeros');
    this.logScale = params.create('logScale', [options.channels], 'zeros');
    this.initialized = params.create('initialized', [1], 'zeros', { trainable: false });
    this.initialization = options.initialization ?? null;
  }

  /** True once the data-dependent initialization ran (the host mirror: no device read). */
  isInitialized(): boolean {
    return this.initializedOnHost;
  }

  /**
   * Re-reads the saved `initialized` flag into the host mirror (one device read). FlowModel calls
   * it from setWeights; call it yourself after assigning this layer's variables any other way.
   */
  syncInitialized(): void {
    this.initializedOnHost = this.initialized.dataSync()[0] === 1;
  }

  /** Sets bias and logScale from the statistics of `x` and marks the layer initialized. */
  initializeFrom(x: Tensor): void {
    this.checkInput(x);
    tf.tidy(() => {
      const flat = tf.reshape(x, [-1, this.channels]);
      const { mean, variance } = tf.moments(flat, 0);
      this.bias.assign(tf.neg(mean));
      this.logScale.assign(tf.neg(tf.log(tf.add(tf.sqrt(variance), 1e-6))));
      this.initialized.assign(tf.ones([1]));
    });
    this.initializedOnHost = true;
  }

  private checkInput(x: Tensor): void {
    if (x.rank < 2 || x.shape[x.rank - 1] !== this.channels) {
      throw new Error(`ActNorm: expected inputs [batch, ..., ${this.channels}], got [${x.shape.join(', ')}]`);
    }
  }

  private positions(x: Tensor): number {
    return x.shape.slice(1, -1).reduce((a, b) => a * b, 1);
  }

  forward(x: Tensor, _options?: TransformOptions): TransformResult {
    this.checkInput(x);
    if (this.initialization?.active && !this.isInitialized()) this.initializeFrom(x);
    return tf.tidy(() => {
      const outputs = tf.mul(tf.add(x, this.bias), tf.exp(this.logScale));
      const logAbsDet = tf.add(tf.zeros([x.shape[0]]), tf.mul(tf.sum(this.logScale), this.positions(x))) as tf.Tensor1D;
      return { outputs, logAbsDet };
    });
  }

  inverse(z: Tensor): TransformResult {
    this.checkInput(z);
    return tf.tidy(() => {
      const outputs = tf.sub(tf.mul(z, tf.exp(tf.neg(this.logScale))), this.bias);
      const logAbsDet = tf.add(tf.zeros([z.shape[0]]), tf.mul(tf.sum(this.logScale), -this.positions(z))) as tf.Tensor1D;
      return { outputs, logAbsDet };
    });
  }
}
