/**
 * Single-head spatial self-attention with a residual connection, as in the DDPM UNet at low
 * resolution (Ho et al. 2020, after Vaswani et al. 2017 and Wang et al. 2018, "Non-local networks"):
 *   h = GN(x);  q, k, v = h W_q, h W_k, h W_v  (per pixel);
 *   out = x + (softmax(q k^T / sqrt(C)) v) W_o
 * over the H * W positions. Weights: `<name>/norm`, `<name>/query`, `<name>/key`, `<name>/value`, `<name>/output`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { Dense, GroupNorm, type Parameters } from '@genmodels/core-nn';

export class AttentionBlock {
  private readonly norm: GroupNorm;
  private readonly query: Dense;
  private readonly key: Dense;
  private readonly value: Dense;
  private readonly output: Dense;
  readonly channels: number;

  constructor(params: Parameters, name: string, options: { channels: number; groups: number }) {
    const { channels, groups } = options;
    this.channels = channels;
    this.norm = new GroupNorm(params, `${name}/norm`, { channels, groups });
    this.query = new Dense(params, `${name}/query`, { inputDim: channels, units: channels });
    this.key = new Dense(params, `${name}/key`, { inputDim: channels, units: channels });
    this.value = new Dense(params, `${name}/value`, { inputDim: channels, units: channels });
    // Zero-initialised output projection: the block starts as the identity (as in the DDPM code).
    this.output = new Dense(params, `${name}/output`, { inputDim: channels, units: channels, kernelInit: 'zeros' });
  }

  apply(x: Tensor4D): Tensor4D {
    const [batch, height, width, channels] = x.shape;
    if (channels !== this.channels) {
      throw new Error(`AttentionBlock: expected ${this.channels} channels, got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const positions = height * width;
      const h = tf.reshape(this.norm.apply(x), [batch * positions, channels]) as Tensor2D;
      const q = tf.reshape(this.query.apply(h), [batch, positions, channels]);
      const k = tf.reshape(this.key.apply(h), [batch, positions, channels]);
      const v = tf.reshape(this.value.apply(h), [batch, positions, channels]);
      const weights = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(channels)));
      const attended = tf.reshape(tf.matMul(weights, v), [batch * positions, channels]) as Tensor2D;
      return tf.add(x, tf.reshape(this.output.apply(attended), [batch, height, width, channels])) as Tensor4D;
    });
  }
}
