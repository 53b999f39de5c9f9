import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D, Variable } from '@tensorflow/tfjs-core';
import type { Initializer, Parameters } from '@genmodels/core-nn';

export interface Conv2DLayerOptions {
  inChannels: number;
  outChannels: number;
  /** Square kernel size, default 3 ('same' padding, stride 1). */
  kernelSize?: number;
  /** Default 'heNormal'; 'zeros' makes a coupling start as the identity (Glow's zero init). */
  kernelInit?: Initializer;
}

/**
 * A stride-1 'same' convolution y = conv(x, W) + b on [batch, height, width, channels], with
 * `<name>/kernel` [k, k, in, out] and `<name>/bias` [out]. (Written here because core-nn's conv
 * blocks were not yet available; it is the minimal layer the coupling networks need.)
 */
export class Conv2DLayer {
  readonly kernel: Variable;
  readonly bias: Variable;

  constructor(params: Parameters, name: string, readonly options: Conv2DLayerOptions) {
    const k = options.kernelSize ?? 3;
    for (const [key, value] of Object.entries({ inChannels: options.inChannels, outChannels: options.outChannels, kernelSize: k })) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`Conv2DLayer "${name}": ${key} must be a positive integer, got ${value}`);
    }
    this.kernel = params.create(`${name}/kernel`, [k, k, options.inChannels, options.outChannels], options.kernelInit ?? 'heNormal');
    this.bias = params.create(`${name}/bias`, [options.outChannels], 'zeros');
  }

  apply(x: Tensor4D): Tensor4D {
    if (x.rank !== 4 || x.shape[3] !== this.options.inChannels) {
      throw new Error(`Conv2DLayer: expected input [batch, height, width, ${this.options.inChannels}], got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => tf.add(tf.conv2d(x, this.kernel as tf.Tensor4D, 1, 'same'), this.bias));
  }
}
