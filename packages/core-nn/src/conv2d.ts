import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D, Variable } from '@tensorflow/tfjs-core';
import { activate, type Activation } from './activations.js';
import { fusedConv2d, hasFusedConv2D } from './fused-conv2d.js';
import type { Initializer, Parameters } from './parameters.js';
import { SpectralNorm } from './spectral-norm.js';

export interface Conv2DOptions {
  inChannels: number;
  filters: number;
  kernelSize: number;
  /** Default 1. */
  strides?: number;
  /** Default 'same'. */
  padding?: 'same' | 'valid';
  /** Default 1 (strides and dilation cannot both exceed 1). */
  dilation?: number;
  activation?: Activation;
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  kernelInit?: Initializer;
  leakyAlpha?: number;
  /** Divide the kernel by its spectral norm (Miyato et al. 2018; vectors `<name>/sn_u`, `<name>/sn_v`). */
  spectralNorm?: boolean;
}

function positiveInt(value: number | undefined, what: string, layer: string): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
    throw new Error(`${layer}: ${what} must be a positive integer, got ${value}`);
  }
}

/**
 * A 2-D convolution over NHWC input [batch, height, width, inChannels] with a
 * [kernelSize, kernelSize, inChannels, filters] kernel named `<name>/kernel` (and `<name>/bias`),
 * optionally spectrally normalized (discriminators).
 */
export class Conv2D {
  readonly kernel: Variable;
  readonly bias?: Variable;
  readonly spectralNorm?: SpectralNorm;
  readonly options: Readonly<Required<Omit<Conv2DOptions, 'kernelInit' | 'activation' | 'leakyAlpha' | 'useBias' | 'spectralNorm'>>>;
  private readonly activation: Activation;
  private readonly leakyAlpha: number;

  constructor(params: Parameters, name: string, options: Conv2DOptions) {
    const layer = `Conv2D "${name}"`;
    positiveInt(options.inChannels, 'inChannels', layer);
    positiveInt(options.filters, 'filters', layer);
    positiveInt(options.kernelSize, 'kernelSize', layer);
    positiveInt(options.strides, 'strides', layer);
    positiveInt(options.dilation, 'dilation', layer);
    const strides = options.strides ?? 1;
    const dilation = options.dilation ?? 1;
    if (strides > 1 && dilation > 1) throw new Error(`${layer}: strides and dilation cannot both be greater than 1`);
    this.options = {
      inChannels: options.inChannels,
      filters: options.filters,
      kernelSize: options.kernelSize,
      strides,
      padding: options.padding ?? 'same',
      dilation,
    };
    this.activation = options.activation ?? 'linear';
    this.leakyAlpha = options.leakyAlpha ?? 0.2;
    const k = options.kernelSize;
    this.kernel = params.create(`${name}/kernel`, [k, k, options.inChannels, options.filters], options.kernelInit ?? 'glorotUniform');
    if (options.useBias ?? true) this.bias = params.create(`${name}/bias`, [options.filters], 'zeros');
    if (options.spectralNorm) this.spectralNorm = new SpectralNorm(params, name, this.kernel.shape);
  }

  apply(x: Tensor4D): Tensor4D {
    if (x.rank !== 4 || x.shape[3] !== this.options.inChannels) {
      throw new Error(`Conv2D: expected NHWC input [batch, height, width, ${this.options.inChannels}], got [${x.shape.join(', ')}]`);
    }
    const { strides, padding, dilation } = this.options;
    if (this.bias && dilation === 1 && (this.activation === 'linear' || this.activation === 'relu') && hasFusedConv2D()) {
      return fusedConv2d(x, this.kernel as unknown as Tensor4D, this.bias as unknown as tf.Tensor1D, { strides, pad: padding, activation: this.activation });
    }
    return tf.tidy(() => {
      const kernel = (this.spectralNorm ? this.spectralNorm.normalize(this.kernel) : this.kernel) as Tensor4D;
      let y: tf.Tensor4D = tf.conv2d(x, kernel, strides, padding, 'NHWC', dilation);
      if (this.bias) y = tf.add(y, this.bias);
      return activate(y, this.activation, this.leakyAlpha) as Tensor4D;
    });
  }
}
