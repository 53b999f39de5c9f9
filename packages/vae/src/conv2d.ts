/**
 * Strided 2-D convolution layers (NHWC) for the convolutional encoder and decoder. Written here
 * because core-nn's conv blocks were not yet exported when this package needed them; they use the
 * same Parameters naming (`<name>/kernel`, `<name>/bias`) so weights stay stable if swapped.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Initializer, Parameters } from '@genmodels/core-nn';
import { activate, type Activation } from '@genmodels/core-nn';

export interface Conv2DOptions {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  strides?: number;
  activation?: Activation;
  kernelInit?: Initializer;
}

function checkChannels(kind: string, name: string, options: Conv2DOptions): void {
  for (const key of ['inChannels', 'outChannels', 'kernelSize'] as const) {
    const v = options[key];
    if (!(Number.isInteger(v) && v > 0)) throw new Error(`${kind} "${name}": ${key} must be a positive integer, got ${v}`);
  }
}

/** y = activation(conv2d(x, W, stride, 'same') + b), W: [k, k, in, out]. */
export class Conv2D {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  private readonly strides: number;
  private readonly activation: Activation;

  constructor(params: Parameters, name: string, readonly options: Conv2DOptions) {
    checkChannels('Conv2D', name, options);
    const { kernelSize: k, inChannels, outChannels } = options;
    this.strides = options.strides ?? 1;
    this.activation = options.activation ?? 'linear';
    this.kernel = params.create(`${name}/kernel`, [k, k, inChannels, outChannels], options.kernelInit ?? 'glorotUniform');
    this.bias = params.create(`${name}/bias`, [outChannels], 'zeros');
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    if (x.rank !== 4 || x.shape[3] !== this.options.inChannels) {
      throw new Error(`Conv2D: expected input [batch, height, width, ${this.options.inChannels}], got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const y = tf.add(tf.conv2d(x, this.kernel as tf.Tensor4D, this.strides, 'same'), this.bias);
      return activate(y, this.activation) as tf.Tensor4D;
    });
  }
}

/**
 * The transposed convolution ("deconvolution") with 'same' padding: output spatial size is the
 * input size times the stride. W: [k, k, out, in] as tf.conv2dTranspose expects.
 */
export class Conv2DTranspose {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  private readonly strides: number;
  private readonly activation: Activation;

  constructor(params: Parameters, name: string, readonly options: Conv2DOptions) {
    checkChannels('Conv2DTranspose', name, options);
    const { kernelSize: k, inChannels, outChannels } = options;
    this.strides = options.strides ?? 1;
    this.activation = options.activation ?? 'linear';
    this.kernel = params.create(`${name}/kernel`, [k, k, outChannels, inChannels], options.kernelInit ?? 'glorotUniform');
    this.bias = params.create(`${name}/bias`, [outChannels], 'zeros');
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    if (x.rank !== 4 || x.shape[3] !== this.options.inChannels) {
      throw new Error(`Conv2DTranspose: expected input [batch, height, width, ${this.options.inChannels}], got [${x.shape.join(', ')}]`);
    }
    const [batch, h, w] = x.shape;
    return tf.tidy(() => {
      const outShape: [number, number, number, number] = [batch, h * this.strides, w * this.strides, this.options.outChannels];
      const y = tf.add(tf.conv2dTranspose(x, this.kernel as tf.Tensor4D, outShape, this.strides, 'same'), this.bias);
      return activate(y, this.activation) as tf.Tensor4D;
    });
  }
}
