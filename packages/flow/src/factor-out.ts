import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Transform, TransformOptions, TransformResult } from './transform.js';

/**
 * The multi-scale factoring of RealNVP (Dinh et al. 2017, sec 3.6) and Glow's split: the first
 * `factored` channels of the input are factored out (they are final latents, modelled by the
 * base distribution directly) and `inner` transforms the remaining channels. The output has the
 * input's shape, [factored latents, inner(rest)] on the channel axis, so the whole multi-scale
 * flow stays a Transform from x to a z of the same shape. log|det J| is inner's.
 */
export class FactorOut implements Transform {
  constructor(
    readonly inner: Transform,
    readonly factored: number,
  ) {
    if (!Number.isInteger(factored) || factored < 1) throw new Error(`FactorOut: factored must be a positive integer, got ${factored}`);
  }

  private split(x: Tensor): [Tensor, Tensor] {
    const channels = x.shape[x.rank - 1];
    if (channels <= this.factored) {
      throw new Error(`FactorOut: the input has ${channels} channels; need more than the ${this.factored} factored out`);
    }
    return tf.split(x, [this.factored, channels - this.factored], x.rank - 1) as [Tensor, Tensor];
  }

  forward(x: Tensor, options?: TransformOptions): TransformResult {
    return tf.tidy(() => {
      const [out, rest] = this.split(x);
      const { outputs, logAbsDet } = this.inner.forward(rest, options);
      return { outputs: tf.concat([out, outputs], x.rank - 1), logAbsDet };
    });
  }

  inverse(z: Tensor, options?: TransformOptions): TransformResult {
    return tf.tidy(() => {
      const [out, rest] = this.split(z);
      const { outputs, logAbsDet } = this.inner.inverse(rest, options);
      return { outputs: tf.concat([out, outputs], z.rank - 1), logAbsDet };
    });
  }
}
