import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D, Variable } from '@tensorflow/tfjs-core';
import { activate, type Activation } from './activations.js';
import { fusedDense, hasFusedDense } from './fused-dense.js';
import type { Initializer, Parameters } from './parameters.js';
import { SpectralNorm } from './spectral-norm.js';

export interface DenseOptions {
  inputDim: number;
  units: number;
  activation?: Activation;
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  kernelInit?: Initializer;
  /** Slope for 'leakyRelu' (default 0.2). */
  leakyAlpha?: number;
  /** Divide the kernel by its spectral norm (Miyato et al. 2018; vectors `<name>/sn_u`, `<name>/sn_v`). */
  spectralNorm?: boolean;
}

/**
 * A fully connected layer y = activation(x W + b), W: [inputDim, units] named `<name>/kernel`,
 * b: `<name>/bias`, optionally with W spectrally normalized (discriminators).
 */
export class Dense {
  readonly kernel: Variable;
  readonly bias?: Variable;
  readonly spectralNorm?: SpectralNorm;
  readonly inputDim: number;
  readonly units: number;
  private readonly activation: Activation;
  private readonly leakyAlpha: number;

  constructor(params: Parameters, name: string, options: DenseOptions) {
    if (!(Number.isInteger(options.inputDim) && options.inputDim > 0 && Number.isInteger(options.units) && options.units > 0)) {
      throw new Error(`Dense "${name}": inputDim and units must be positive integers, got ${options.inputDim} and ${options.units}`);
    }
    this.inputDim = options.inputDim;
    this.units = options.units;
    this.activation = options.activation ?? 'linear';
    this.leakyAlpha = options.leakyAlpha ?? 0.2;
    this.kernel = params.create(`${name}/kernel`, [options.inputDim, options.units], options.kernelInit ?? 'glorotUniform');
    if (options.useBias ?? true) this.bias = params.create(`${name}/bias`, [options.units], 'zeros');
    if (options.spectralNorm) this.spectralNorm = new SpectralNorm(params, name, this.kernel.shape);
  }

  apply(x: Tensor2D): Tensor2D {
    if (x.rank !== 2 || x.shape[1] !== this.inputDim) {
      throw new Error(`Dense: expected input [batch, ${this.inputDim}], got [${x.shape.join(', ')}]`);
    }
    if (this.bias && (this.activation === 'linear' || this.activation === 'relu') && hasFusedDense()) {
      return fusedDense(x, this.kernel as unknown as Tensor2D, this.bias as unknown as tf.Tensor1D, { activation: this.activation });
    }
    return tf.tidy(() => {
      const kernel = this.spectralNorm ? this.spectralNorm.normalize(this.kernel) : this.kernel;
      let y: tf.Tensor = tf.matMul(x, kernel as Tensor2D);
      if (this.bias) y = tf.add(y, this.bias);
      return activate(y, this.activation, this.leakyAlpha) as Tensor2D;
    });
  }
}
