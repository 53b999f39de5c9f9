import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D, Variable } from '@tensorflow/tfjs-core';
import { fusedGroupNorm, hasFusedGroupNorm, type GroupNormActivation } from './fused-group-norm.js';
import type { Parameters } from './parameters.js';

export interface GroupNormOptions {
  channels: number;
  /** Must divide `channels`. */
  groups: number;
  /** Default 1e-5 (as in PyTorch's GroupNorm). */
  epsilon?: number;
}

/**
 * Group normalization (Wu & He 2018): channels are split into `groups`; each example's group is
 * normalised by the mean and variance over (height, width, channels in the group), then scaled
 * and shifted per channel by `<name>/gamma` (ones) and `<name>/beta` (zeros). Independent of the
 * batch size, so training and inference behave the same. `apply(x, 'silu')` adds the SiLU that
 * usually follows (as in the DDPM UNet); backends with the fused kernel (see fused-group-norm.ts)
 * run both in one pass, others compose TF.js ops.
 */
export class GroupNorm {
  readonly gamma: Variable;
  readonly beta: Variable;
  readonly channels: number;
  readonly groups: number;
  readonly epsilon: number;

  constructor(params: Parameters, name: string, options: GroupNormOptions) {
    const { channels, groups } = options;
    if (!(Number.isInteger(channels) && channels > 0 && Number.isInteger(groups) && groups > 0 && channels % groups === 0)) {
      throw new Error(`GroupNorm "${name}": groups (${groups}) must be a positive integer dividing channels (${channels})`);
    }
    this.channels = channels;
    this.groups = groups;
    this.epsilon = options.epsilon ?? 1e-5;
    this.gamma = params.create(`${name}/gamma`, [channels], 'ones');
    this.beta = params.create(`${name}/beta`, [channels], 'zeros');
  }

  apply(x: Tensor4D, activation: GroupNormActivation = 'linear'): Tensor4D {
    if (x.rank !== 4 || x.shape[3] !== this.channels) {
      throw new Error(`GroupNorm: expected NHWC input [batch, height, width, ${this.channels}], got [${x.shape.join(', ')}]`);
    }
    if (activation !== 'linear' && activation !== 'silu') throw new Error(`GroupNorm: activation must be 'linear' or 'silu', got "${String(activation)}"`);
    if (x.dtype === 'float32' && hasFusedGroupNorm()) {
      return fusedGroupNorm(x, this.gamma, this.beta, { groups: this.groups, epsilon: this.epsilon, activation }) as Tensor4D;
    }
    return tf.tidy(() => {
      const y = this.composed(x);
      return activation === 'silu' ? (tf.mul(y, tf.sigmoid(y)) as Tensor4D) : y;
    });
  }

  /** The layer from TF.js ops (call inside tf.tidy). */
  private composed(x: Tensor4D): Tensor4D {
    const [batch, height, width] = x.shape;
    const grouped = tf.reshape(x, [batch, height, width, this.groups, this.channels / this.groups]);
    const { mean, variance } = tf.moments(grouped, [1, 2, 4], true);
    const normalised = tf.div(tf.sub(grouped, mean), tf.sqrt(tf.add(variance, this.epsilon)));
    return tf.add(tf.mul(tf.reshape(normalised, [batch, height, width, this.channels]), this.gamma), this.beta) as Tensor4D;
  }
}
