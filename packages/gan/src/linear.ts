import * as tf from '@tensorflow/tfjs-core';
import type { Initializer, Parameters } from '@genmodels/core-nn';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { SpectralNorm } from './spectral-norm.js';

export interface LinearOptions {
  inputDim: number;
  units: number;
  useBias?: boolean;
  kernelInit?: Initializer;
  /** Divide the kernel by its spectral norm (Miyato et al. 2018). */
  spectralNorm?: boolean;
}

/** A fully connected layer x W + b with an optional spectral normalization of W. */
export class Linear {
  readonly kernel: Variable;
  readonly bias?: Variable;
  readonly spectralNorm?: SpectralNorm;
  readonly inputDim: number;
  readonly units: number;

  constructor(params: Parameters, name: string, options: LinearOptions) {
    this.inputDim = options.inputDim;
    this.units = options.units;
    this.kernel = params.create(`${name}/kernel`, [options.inputDim, options.units], options.kernelInit ?? 'glorotUniform');
    if (options.useBias ?? true) this.bias = params.create(`${name}/bias`, [options.units], 'zeros');
    if (options.spectralNorm) this.spectralNorm = new SpectralNorm(params, name, this.kernel.shape);
  }

  apply(x: Tensor): Tensor {
    if (x.rank !== 2 || x.shape[1] !== this.inputDim) {
      throw new Error(`Linear: expected input [batch, ${this.inputDim}], got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const kernel = this.spectralNorm ? this.spectralNorm.normalize(this.kernel) : this.kernel;
      const y = tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D);
      return this.bias ? tf.add(y, this.bias) : y;
    });
  }
}
