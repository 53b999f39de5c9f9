import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { activate, type Activation } from './activations.js';
import { Conv2D } from './conv2d.js';
import { Dense } from './dense.js';
import { GroupNorm } from './group-norm.js';
import type { Parameters } from './parameters.js';

export interface ResidualBlockOptions {
  inChannels: number;
  outChannels: number;
  /** Size of the conditioning embedding (e.g. a time embedding); omit for an unconditional block. */
  embeddingDim?: number;
  /** GroupNorm groups (default 8); must divide inChannels and outChannels. */
  groups?: number;
  /** Activation applied to the embedding before its Dense projection (default 'linear'). */
  embeddingActivation?: Activation;
  /** Default 3. */
  kernelSize?: number;
}

/**
 * The convolutional residual block of the DDPM UNet (Ho et al. 2020, after He et al. 2016 and
 * the bench-spec ddpm task):
 *   h = Conv3x3(SiLU(GN(x)))
 *   h = h + Dense(emb)[:, None, None, :]          (when an embedding is given)
 *   h = Conv3x3(SiLU(GN(h)))
 *   out = h + skip(x),  skip = 1x1 Conv when channels change, else identity.
 * Weights: `<name>/norm1`, `<name>/conv1`, `<name>/embedding`, `<name>/norm2`, `<name>/conv2`, `<name>/skip`.
 */
export class ResidualBlock {
  readonly norm1: GroupNorm;
  readonly conv1: Conv2D;
  readonly embedding?: Dense;
  readonly norm2: GroupNorm;
  readonly conv2: Conv2D;
  readonly skip?: Conv2D;
  private readonly embeddingActivation: Activation;

  constructor(params: Parameters, name: string, options: ResidualBlockOptions) {
    const groups = options.groups ?? 8;
    const k = options.kernelSize ?? 3;
    const { inChannels, outChannels } = options;
    this.norm1 = new GroupNorm(params, `${name}/norm1`, { channels: inChannels, groups });
    this.conv1 = new Conv2D(params, `${name}/conv1`, { inChannels, filters: outChannels, kernelSize: k });
    if (options.embeddingDim !== undefined) {
      this.embedding = new Dense(params, `${name}/embedding`, { inputDim: options.embeddingDim, units: outChannels });
    }
    this.norm2 = new GroupNorm(params, `${name}/norm2`, { channels: outChannels, groups });
    this.conv2 = new Conv2D(params, `${name}/conv2`, { inChannels: outChannels, filters: outChannels, kernelSize: k });
    if (inChannels !== outChannels) this.skip = new Conv2D(params, `${name}/skip`, { inChannels, filters: outChannels, kernelSize: 1 });
    this.embeddingActivation = options.embeddingActivation ?? 'linear';
  }

  /** `x`: [batch, height, width, inChannels]; `embedding`: [batch, embeddingDim] when the block is conditional. */
  apply(x: Tensor4D, embedding?: Tensor2D): Tensor4D {
    if (this.embedding && !embedding) throw new Error('ResidualBlock: this block was built with embeddingDim and needs an embedding');
    if (!this.embedding && embedding) throw new Error('ResidualBlock: this block has no embeddingDim; pass no embedding');
    return tf.tidy(() => {
      let h = this.conv1.apply(this.norm1.apply(x, 'silu'));
      if (this.embedding && embedding) {
        const e = this.embedding.apply(activate(embedding, this.embeddingActivation) as Tensor2D);
        h = tf.add(h, tf.reshape(e, [e.shape[0], 1, 1, e.shape[1]]));
      }
      h = this.conv2.apply(this.norm2.apply(h, 'silu'));
      return tf.add(h, this.skip ? this.skip.apply(x) : x) as Tensor4D;
    });
  }
}
