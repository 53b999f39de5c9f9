import * as tf from '@tensorflow/tfjs-core';
import type { Initializer, Parameters } from '@genmodels/core-nn';
import type { Tensor, Tensor4D, Variable } from '@tensorflow/tfjs-core';

export interface ConvTransposeOptions {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  strides: number;
  useBias?: boolean;
  kernelInit?: Initializer;
}

/**
 * A transposed ("fractionally strided") 2-D convolution with 'same' padding, as in DCGAN
 * (Radford et al. 2016): [batch, h, w, in] -> [batch, h * s, w * s, out]. The kernel is stored
 * [k, k, out, in], TF.js's conv2dTranspose layout.
 */
export class Conv2DTranspose {
  readonly kernel: Variable;
  readonly bias?: Variable;
  private readonly options: ConvTransposeOptions;

  constructor(params: Parameters, name: string, options: ConvTransposeOptions) {
    this.options = options;
    const { kernelSize: k, inChannels, outChannels } = options;
    this.kernel = params.create(`${name}/kernel`, [k, k, outChannels, inChannels], options.kernelInit ?? 'glorotUniform');
    if (options.useBias ?? true) this.bias = params.create(`${name}/bias`, [outChannels], 'zeros');
  }

  apply(x: Tensor): Tensor4D {
    if (x.rank !== 4 || x.shape[3] !== this.options.inChannels) {
      throw new Error(`Conv2DTranspose: expected input [batch, height, width, ${this.options.inChannels}], got [${x.shape.join(', ')}]`);
    }
    const [batch, height, width] = x.shape;
    const s = this.options.strides;
    return tf.tidy(() => {
      const y = tf.conv2dTranspose(
        x as Tensor4D,
        this.kernel as Tensor4D,
        [batch, height * s, width * s, this.options.outChannels],
        s,
        'same',
      );
      return (this.bias ? tf.add(y, this.bias) : y) as Tensor4D;
    });
  }
}
