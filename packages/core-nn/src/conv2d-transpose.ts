import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D, Variable } from '@tensorflow/tfjs-core';
import { activate, type Activation } from './activations.js';
import type { Initializer, Parameters } from './parameters.js';

export interface Conv2DTransposeOptions {
  inChannels: number;
  filters: number;
  kernelSize: number;
  /** Default 1; the spatial size grows by this factor ('same') or to (in - 1) * strides + kernelSize ('valid'). */
  strides?: number;
  /** Default 'same'. */
  padding?: 'same' | 'valid';
  activation?: Activation;
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  kernelInit?: Initializer;
  leakyAlpha?: number;
}

/**
 * A transposed 2-D convolution (the gradient of Conv2D with respect to its input; "deconvolution"
 * in DCGAN, Radford et al. 2016) over NHWC input. Its kernel `<name>/kernel` has the TF.js
 * layout [kernelSize, kernelSize, filters, inChannels].
 */
export class Conv2DTranspose {
  readonly kernel: Variable;
  readonly bias?: Variable;
  readonly inChannels: number;
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: 'same' | 'valid';
  private readonly activation: Activation;
  private readonly leakyAlpha: number;

  constructor(params: Parameters, name: string, options: Conv2DTransposeOptions) {
    for (const key of ['inChannels', 'filters', 'kernelSize', 'strides'] as const) {
      const value = options[key];
      if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
        throw new Error(`Conv2DTranspose "${name}": ${key} must be a positive integer, got ${value}`);
      }
    }
    this.inChannels = options.inChannels;
    this.filters = options.filters;
    this.kernelSize = options.kernelSize;
    this.strides = options.strides ?? 1;
    this.padding = options.padding ?? 'same';
    this.activation = options.activation ?? 'linear';
    this.leakyAlpha = options.leakyAlpha ?? 0.2;
    const k = options.kernelSize;
    this.kernel = params.create(`${name}/kernel`, [k, k, options.filters, options.inChannels], options.kernelInit ?? 'glorotUniform');
    if (options.useBias ?? true) this.bias = params.create(`${name}/bias`, [options.filters], 'zeros');
  }

  /** Output spatial size for an input size. */
  outputSize(inputSize: number): number {
    return this.padding === 'same' ? inputSize * this.strides : (inputSize - 1) * this.strides + this.kernelSize;
  }

  apply(x: Tensor4D): Tensor4D {
    if (x.rank !== 4 || x.shape[3] !== this.inChannels) {
      throw new Error(`Conv2DTranspose: expected NHWC input [batch, height, width, ${this.inChannels}], got [${x.shape.join(', ')}]`);
    }
    const [batch, height, width] = x.shape;
    return tf.tidy(() => {
      let y: tf.Tensor4D = tf.conv2dTranspose(
        x,
        this.kernel as unknown as tf.Tensor4D,
        [batch, this.outputSize(height), this.outputSize(width), this.filters],
        this.strides,
        this.padding,
      );
      if (this.bias) y = tf.add(y, this.bias);
      return activate(y, this.activation, this.leakyAlpha) as Tensor4D;
    });
  }
}
