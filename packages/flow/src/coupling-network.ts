import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { Conv2D, Dense, type Parameters } from '@genmodels/core-nn';

/**
 * The conditioner of a coupling layer: maps the masked input (and an optional context) to the
 * raw log-scale and shift, concatenated on the last axis ([..., 2 * channels]).
 */
export interface CouplingNetwork {
  apply(x: Tensor, context?: Tensor2D): Tensor;
}

export interface ConvCouplingNetworkOptions {
  channels: number;
  hiddenChannels: readonly number[];
  /** Size of the context vector concatenated (broadcast over space) to the input; 0 for none. */
  contextDim?: number;
  /** Zero-initialize the output convolution so that the coupling starts as the identity (Glow). */
  zeroInitOutput?: boolean;
}

/**
 * Conv3x3 -> ReLU -> ... -> Conv3x3 (2 * channels): the s,t network of RealNVP's image couplings
 * (Dinh et al. 2017; bench-spec realnvp: Conv3x3 64 -> ReLU -> Conv3x3 64 -> ReLU -> Conv3x3 2).
 * A context (one-hot label) is tiled over the image and concatenated as extra input channels.
 * Layers are core-nn's Conv2D (stride 1, 'same'), weights `conv<i>/kernel`, `conv<i>/bias`,
 * `output/kernel`, `output/bias`; hidden kernels start He-normal (He et al. 2015).
 */
export class ConvCouplingNetwork implements CouplingNetwork {
  private readonly layers: Conv2D[];
  private readonly contextDim: number;

  constructor(params: Parameters, options: ConvCouplingNetworkOptions) {
    this.contextDim = options.contextDim ?? 0;
    const widths = [options.channels + this.contextDim, ...options.hiddenChannels];
    this.layers = options.hiddenChannels.map(
      // ReLU as the layer's activation: on backends with fused convolutions it runs in the kernel.
      (width, i) => new Conv2D(params, `conv${i}`, { inChannels: widths[i], filters: width, kernelSize: 3, kernelInit: 'heNormal', activation: 'relu' }),
    );
    this.layers.push(
      new Conv2D(params, 'output', {
        inChannels: widths[widths.length - 1],
        filters: 2 * options.channels,
        kernelSize: 3,
        kernelInit: options.zeroInitOutput ? 'zeros' : 'heNormal',
      }),
    );
  }

  apply(x: Tensor, context?: Tensor2D): Tensor {
    return tf.tidy(() => {
      let h = x as Tensor4D;
      if (this.contextDim > 0) {
        if (!context) throw new Error('ConvCouplingNetwork: this network is conditional; pass a context (one-hot labels)');
        const [b, height, width] = x.shape;
        const maps = tf.tile(tf.reshape(context, [b, 1, 1, this.contextDim]), [1, height, width, 1]);
        h = tf.concat([h, maps], 3) as Tensor4D;
      }
      for (const layer of this.layers) h = layer.apply(h);
      return h;
    });
  }
}

export interface DenseCouplingNetworkOptions {
  features: number;
  hiddenUnits: readonly number[];
  contextDim?: number;
  zeroInitOutput?: boolean;
}

/** An MLP conditioner for vector data (the couplings of RealNVP on 2-D toys and tabular data). */
export class DenseCouplingNetwork implements CouplingNetwork {
  private readonly layers: Dense[];
  private readonly contextDim: number;

  constructor(params: Parameters, options: DenseCouplingNetworkOptions) {
    this.contextDim = options.contextDim ?? 0;
    const widths = [options.features + this.contextDim, ...options.hiddenUnits];
    this.layers = options.hiddenUnits.map(
      (units, i) => new Dense(params, `dense${i}`, { inputDim: widths[i], units, activation: 'relu' }),
    );
    this.layers.push(
      new Dense(params, 'output', {
        inputDim: widths[widths.length - 1],
        units: 2 * options.features,
        kernelInit: options.zeroInitOutput ? 'zeros' : 'glorotUniform',
      }),
    );
  }

  apply(x: Tensor, context?: Tensor2D): Tensor {
    return tf.tidy(() => {
      let h = x as Tensor2D;
      if (this.contextDim > 0) {
        if (!context) throw new Error('DenseCouplingNetwork: this network is conditional; pass a context (one-hot labels)');
        h = tf.concat([h, context], 1);
      }
      for (const layer of this.layers) h = layer.apply(h);
      return h;
    });
  }
}
