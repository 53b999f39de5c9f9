/**
 * A small noise-conditional MLP for low-dimensional data (2-D toys): the input [batch, D] is
 * concatenated with a sinusoidal embedding of the conditioning scalar (t or log sigma), then
 * Dense-SiLU layers and a linear output of size D (Song & Ermon 2019 use such nets on toy data).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { Dense, type Parameters, sinusoidalEmbedding } from '@genmodels/core-nn';

export interface MLPDenoiserConfig {
  readonly dataDim: number;
  readonly hiddenUnits: readonly number[];
  readonly sinusoidalDim: number;
}

export class MLPDenoiser {
  readonly config: MLPDenoiserConfig;
  private readonly layers: Dense[];

  constructor(params: Parameters, config: MLPDenoiserConfig) {
    const { dataDim, hiddenUnits, sinusoidalDim } = config;
    if (!(Number.isInteger(dataDim) && dataDim > 0)) throw new Error(`MLPDenoiser: dataDim must be a positive integer, got ${dataDim}`);
    if (!Array.isArray(hiddenUnits) || hiddenUnits.length === 0 || !hiddenUnits.every((u) => Number.isInteger(u) && u > 0)) {
      throw new Error(`MLPDenoiser: hiddenUnits must be a non-empty list of positive integers such as [128, 128], got ${JSON.stringify(hiddenUnits)}`);
    }
    if (!(Number.isInteger(sinusoidalDim) && sinusoidalDim > 0 && sinusoidalDim % 2 === 0)) {
      throw new Error(`MLPDenoiser: sinusoidalDim must be a positive even integer, got ${sinusoidalDim}`);
    }
    this.config = config;
    const widths = [dataDim + sinusoidalDim, ...hiddenUnits];
    this.layers = hiddenUnits.map((units, i) => new Dense(params, `dense${i}`, { inputDim: widths[i], units, activation: 'silu' }));
    this.layers.push(new Dense(params, 'output', { inputDim: widths[widths.length - 1], units: dataDim }));
  }

  /** x: [batch, dataDim]; conditioning: [batch]. */
  apply(x: Tensor, conditioning: Tensor1D): Tensor2D {
    if (x.rank !== 2 || x.shape[1] !== this.config.dataDim) {
      throw new Error(`MLPDenoiser: expected [batch, ${this.config.dataDim}], got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      let h = tf.concat([x as Tensor2D, sinusoidalEmbedding(conditioning, this.config.sinusoidalDim)], 1) as Tensor2D;
      for (const layer of this.layers) h = layer.apply(h);
      return h;
    });
  }
}
