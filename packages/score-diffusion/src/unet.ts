/**
 * The denoising UNet of the bench-spec ddpm and ncsn tasks (Ho et al. 2020, after Ronneberger
 * et al. 2015 and the PixelCNN++ backbone), configurable in width and depth:
 *   Conv3x3 c_0; for each level l: numResBlocks ResBlocks at c_l (+ self-attention at the listed
 *   resolutions), then (except at the last level) Conv3x3 stride 2 to c_{l+1};
 *   back up: nearest x2 + Conv3x3 to c_l, concat the level's skip, ResBlocks at c_l;
 *   GroupNorm -> SiLU -> Conv3x3 to the image channels.
 * Conditioning: a scalar per example (the timestep t, or log sigma for NCSN) through a sinusoidal
 * embedding -> Dense -> SiLU -> Dense, plus an optional learned class embedding (index numClasses
 * is the "no label" class used for classifier-free guidance, Ho & Salimans 2022), added to every
 * ResBlock. With channels [32, 64, 128] and one ResBlock per level this is the bench-spec network.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs-core';
import { Conv2D, Dense, GroupNorm, type Parameters, ResidualBlock, sinusoidalEmbedding } from '@genmodels/core-nn';
import { AttentionBlock } from './attention-block.js';

export interface UNetConfig {
  /** [height, width, channels] of the images; height and width divisible by 2^(levels - 1). */
  readonly imageShape: readonly [number, number, number];
  /** Channels per resolution level, full resolution first. */
  readonly channels: readonly number[];
  /** ResBlocks per level on the way down (and on the way up). */
  readonly numResBlocks: number;
  /** GroupNorm groups; must divide every width. */
  readonly groups: number;
  /** Size of the sinusoidal embedding of the conditioning scalar. */
  readonly sinusoidalDim: number;
  /** Size of the embedding fed to every ResBlock. */
  readonly embeddingDim: number;
  /** Spatial sizes (height) at which ResBlocks are followed by self-attention, e.g. [7]. */
  readonly attentionResolutions: readonly number[];
  /** Number of classes for class conditioning; 0 for an unconditional network. */
  readonly numClasses: number;
}

/** The bench-spec network for 28x28x1 images. */
export const UNET_DEFAULTS: Omit<UNetConfig, 'imageShape'> = {
  channels: [32, 64, 128],
  numResBlocks: 1,
  groups: 8,
  sinusoidalDim: 32,
  embeddingDim: 128,
  attentionResolutions: [],
  numClasses: 0,
};

const isPositiveInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** Checks a UNet config; `where` prefixes the error (e.g. 'DDPM config: unet'). */
export function validateUNetConfig(config: UNetConfig, where: string): void {
  const fail = (message: string): never => {
    throw new Error(`${where}: ${message}`);
  };
  const shape = config.imageShape;
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every(isPositiveInteger)) {
    fail(`imageShape must be [height, width, channels] of positive integers, got ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(config.channels) || config.channels.length === 0 || !config.channels.every(isPositiveInteger)) {
    fail(`channels must be a non-empty list of positive integers such as [32, 64, 128], got ${JSON.stringify(config.channels)}`);
  }
  const factor = 2 ** (config.channels.length - 1);
  if (shape[0] % factor !== 0 || shape[1] % factor !== 0) {
    fail(
      `height and width (${shape[0]}x${shape[1]}) must be divisible by 2^(levels - 1) = ${factor} for ${config.channels.length} levels; use fewer levels in channels`,
    );
  }
  if (!isPositiveInteger(config.numResBlocks)) fail(`numResBlocks must be a positive integer, got ${JSON.stringify(config.numResBlocks)}`);
  if (!isPositiveInteger(config.groups) || !config.channels.every((c) => c % config.groups === 0)) {
    fail(`groups (${JSON.stringify(config.groups)}) must be a positive integer dividing every width in channels ${JSON.stringify(config.channels)}`);
  }
  if (!isPositiveInteger(config.sinusoidalDim) || config.sinusoidalDim % 2 !== 0) {
    fail(`sinusoidalDim must be a positive even integer, got ${JSON.stringify(config.sinusoidalDim)}`);
  }
  if (!isPositiveInteger(config.embeddingDim)) fail(`embeddingDim must be a positive integer, got ${JSON.stringify(config.embeddingDim)}`);
  if (!Array.isArray(config.attentionResolutions) || !config.attentionResolutions.every(isPositiveInteger)) {
    fail(`attentionResolutions must be a list of spatial sizes such as [7], got ${JSON.stringify(config.attentionResolutions)}`);
  }
  if (!(Number.isInteger(config.numClasses) && config.numClasses >= 0)) {
    fail(`numClasses must be an integer >= 0 (0 = unconditional), got ${JSON.stringify(config.numClasses)}`);
  }
}

interface Stage {
  blocks: ResidualBlock[];
  attention: (AttentionBlock | null)[];
}

export class UNet {
  readonly config: UNetConfig;
  private readonly stem: Conv2D;
  private readonly time0: Dense;
  private readonly time1: Dense;
  private readonly classEmbedding: Variable | null;
  private readonly down: Stage[] = [];
  private readonly downsample: Conv2D[] = [];
  private readonly upsample: Conv2D[] = [];
  private readonly up: Stage[] = [];
  private readonly outNorm: GroupNorm;
  private readonly outConv: Conv2D;

  constructor(params: Parameters, config: UNetConfig) {
    validateUNetConfig(config, 'UNet config');
    this.config = config;
    const { channels, numResBlocks, groups, embeddingDim, imageShape } = config;
    const levels = channels.length;
    this.stem = new Conv2D(params, 'stem', { inChannels: imageShape[2], filters: channels[0], kernelSize: 3 });
    this.time0 = new Dense(params, 'time/dense0', { inputDim: config.sinusoidalDim, units: embeddingDim, activation: 'silu' });
    this.time1 = new Dense(params, 'time/dense1', { inputDim: embeddingDim, units: embeddingDim });
    this.classEmbedding = config.numClasses > 0 ? params.create('class/embedding', [config.numClasses + 1, embeddingDim], { normal: 1 }) : null;
    const block = (name: string, inChannels: number, outChannels: number) =>
      new ResidualBlock(params, name, { inChannels, outChannels, embeddingDim, groups, embeddingActivation: 'silu' });
    const attention = (name: string, c: number, size: number) =>
      config.attentionResolutions.includes(size) ? new AttentionBlock(params, name, { channels: c, groups }) : null;
    for (let l = 0; l < levels; l++) {
      const size = imageShape[0] / 2 ** l;
      const stage: Stage = { blocks: [], attention: [] };
      for (let b = 0; b < numResBlocks; b++) {
        stage.blocks.push(block(`down${l}/block${b}`, channels[l], channels[l]));
        stage.attention.push(attention(`down${l}/attention${b}`, channels[l], size));
      }
      this.down.push(stage);
      if (l < levels - 1) {
        this.downsample.push(new Conv2D(params, `down${l}/downsample`, { inChannels: channels[l], filters: channels[l + 1], kernelSize: 3, strides: 2 }));
      }
    }
    for (let l = levels - 2; l >= 0; l--) {
      const size = imageShape[0] / 2 ** l;
      this.upsample.push(new Conv2D(params, `up${l}/upsample`, { inChannels: channels[l + 1], filters: channels[l], kernelSize: 3 }));
      const stage: Stage = { blocks: [], attention: [] };
      for (let b = 0; b < numResBlocks; b++) {
        stage.blocks.push(block(`up${l}/block${b}`, b === 0 ? 2 * channels[l] : channels[l], channels[l]));
        stage.attention.push(attention(`up${l}/attention${b}`, channels[l], size));
      }
      this.up.push(stage);
    }
    this.outNorm = new GroupNorm(params, 'out/norm', { channels: channels[0], groups });
    this.outConv = new Conv2D(params, 'out/conv', { inChannels: channels[0], filters: imageShape[2], kernelSize: 3 });
  }

  /**
   * The embedding fed to the ResBlocks: MLP(sinusoidal(conditioning)) (+ class embedding).
   * `labels`: int32 [batch] class indices, numClasses meaning "no label".
   */
  embed(conditioning: Tensor1D, labels?: Tensor1D): Tensor2D {
    return tf.tidy(() => {
      let e = this.time1.apply(this.time0.apply(sinusoidalEmbedding(conditioning, this.config.sinusoidalDim)));
      if (this.classEmbedding) {
        const index = labels ? tf.cast(labels, 'int32') : tf.fill([conditioning.shape[0]], this.config.numClasses, 'int32');
        e = tf.add(e, tf.gather(this.classEmbedding, index));
      }
      return e;
    });
  }

  /**
   * x: [batch, height, width, channels]; conditioning: [batch] (t or log sigma); labels: int32
   * [batch] for a class-conditional network (omit for "no label"). Returns [batch, height, width, channels].
   */
  apply(x: Tensor, conditioning: Tensor1D, labels?: Tensor1D): Tensor4D {
    const [h, w, c] = this.config.imageShape;
    if (x.rank !== 4 || x.shape[1] !== h || x.shape[2] !== w || x.shape[3] !== c) {
      throw new Error(`UNet: expected images [batch, ${h}, ${w}, ${c}], got [${x.shape.join(', ')}]`);
    }
    if (conditioning.rank !== 1 || conditioning.shape[0] !== x.shape[0]) {
      throw new Error(`UNet: conditioning must be [batch] = [${x.shape[0]}], got [${conditioning.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const emb = this.embed(conditioning, labels);
      const runStage = (stage: Stage, input: Tensor4D, skip?: Tensor4D): Tensor4D => {
        let hidden = skip ? (tf.concat([input, skip], 3) as Tensor4D) : input;
        stage.blocks.forEach((block, i) => {
          hidden = block.apply(hidden, emb);
          const attention = stage.attention[i];
          if (attention) hidden = attention.apply(hidden);
        });
        return hidden;
      };
      let hidden = this.stem.apply(x as Tensor4D);
      const skips: Tensor4D[] = [];
      this.down.forEach((stage, l) => {
        hidden = runStage(stage, hidden);
        if (l < this.downsample.length) {
          skips.push(hidden);
          hidden = this.downsample[l].apply(hidden);
        }
      });
      this.up.forEach((stage, i) => {
        const skip = skips[skips.length - 1 - i];
        const upsampled = tf.image.resizeNearestNeighbor(hidden, [skip.shape[1], skip.shape[2]]);
        hidden = runStage(stage, this.upsample[i].apply(upsampled), skip);
      });
      return this.outConv.apply(this.outNorm.apply(hidden, 'silu'));
    });
  }
}
