import * as tf from '@tensorflow/tfjs-core';
import type { Initializer, Parameters } from '@genmodels/core-nn';
import type { Tensor, Tensor4D, Variable } from '@tensorflow/tfjs-core';
import { SpectralNorm } from './spectral-norm.js';

export interface ConvOptions {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  strides: number;
  useBias?: boolean;
  kernelInit?: Initializer;
  spectralNorm?: boolean;
}

/**
 * A 2-D convolution with 'same' padding on NHWC input [batch, height, width, channels], kernel
 * [k, k, in, out]. Written here because core-nn's conv blocks were not available yet; it adds
 * an optional spectral normalization of the kernel (Miyato et al. 2018) for discriminators.
 */
export class Conv2D {
  readonly kernel: Variable;
  readonly bias?: Variable;
  readonly spectralNorm?: SpectralNorm;
  private readonly options: ConvOptions;

  constructor(params: Parameters, name: string, options: ConvOptions) {
    this.options = options;
    const { kernelSize: k, inChannels, outChannels } = options;
    this.kernel = params.create(`${name}/kernel`, [k, k, inChannels, outChannels], options.kernelInit ?? 'glorotUniform');
    if (options.useBias ?? true) this.bias = params.create(`${name}/bias`, [outChannels], 'zeros');
    if (options.spectralNorm) this.spectralNorm = new SpectralNorm(params, name, this.kernel.shape);
  }

  apply(x: Tensor): Tensor4D {
    if (x.rank !== 4 || x.shape[3] !== this.options.inChannels) {
      throw new Error(`Conv2D: expected input [batch, height, width, ${this.options.inChannels}], got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const kernel = (this.spectralNorm ? this.spectralNorm.normalize(this.kernel) : this.kernel) as Tensor4D;
      const y = tf.conv2d(x as Tensor4D, kernel, this.options.strides, 'same');
      return (this.bias ? tf.add(y, this.bias) : y) as Tensor4D;
    });
  }
}
