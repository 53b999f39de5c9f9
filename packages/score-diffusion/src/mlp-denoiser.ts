/**
 * A small noise-conditional MLP for low-dimensional data (2-D toys): a sinusoidal embedding of the
 * conditioning scalar (t or log sigma) is projected and added to every hidden layer,
 *   h_{k+1} = SiLU(W_k h_k + U_k emb),  out = W_out h_K   (size D),
 * the residual-free analogue of the UNet's time conditioning (Ho et al. 2020; Song & Ermon 2019 use
 * such conditional MLPs on toy data).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { Dense, type Parameters, activate, sinusoidalEmbedding } from '@genmodels/core-nn';

export interface MLPDenoiserConfig {
  readonly dataDim: number;
  readonly hiddenUnits: readonly number[];
  readonly sinusoidalDim: number;
}

export class MLPDenoiser {
  readonly config: MLPDenoiserConfig;
  private readonly layers: Dense[];
  private readonly conditioning: Dense[];
  private readonly output: Dense;

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
    const widths = [dataDim, ...hiddenUnits];
    this.layers = hiddenUnits.map((units, i) => new Dense(params, `dense${i}`, { inputDim: widths[i], units }));
    this.conditioning = hiddenUnits.map((units, i) => new Dense(params, `embedding${i}`, { inputDim: sinusoidalDim, units, useBias: false }));
    this.output = new Dense(params, 'output', { inputDim: widths[widths.length - 1], units: dataDim });
  }

  /** x: [batch, dataDim]; conditioning: [batch]. */
  apply(x: Tensor, conditioning: Tensor1D): Tensor2D {
    if (x.rank !== 2 || x.shape[1] !== this.config.dataDim) {
      throw new Error(`MLPDenoiser: expected [batch, ${this.config.dataDim}], got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const emb = sinusoidalEmbedding(conditioning, this.config.sinusoidalDim);
      let h = x as Tensor2D;
      this.layers.forEach((layer, i) => {
        h = activate(tf.add(layer.apply(h), this.conditioning[i].apply(emb)), 'silu') as Tensor2D;
      });
      return this.output.apply(h);
    });
  }
}
