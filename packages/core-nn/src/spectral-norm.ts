import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Parameters } from './parameters.js';

function l2Normalize(x: Tensor): Tensor {
  return tf.div(x, tf.add(tf.sqrt(tf.sum(tf.square(x))), 1e-12));
}

/**
 * Spectral normalization of a weight (Miyato et al. 2018, "Spectral Normalization for Generative
 * Adversarial Networks"): W / sigma(W), with sigma(W) ~ u^T W v estimated by power iteration on
 * W reshaped to [fanIn, units]. The singular vectors u [units], v [fanIn] are non-trainable
 * weights (saved with the model); `powerIteration` refines them once per discriminator update,
 * outside the gradient, and `normalize` treats them as constants, as in the paper.
 */
export class SpectralNorm {
  readonly u: Variable;
  readonly v: Variable;
  private readonly rows: number;
  private readonly columns: number;

  constructor(params: Parameters, name: string, kernelShape: readonly number[]) {
    this.columns = kernelShape[kernelShape.length - 1];
    this.rows = kernelShape.slice(0, -1).reduce((a, b) => a * b, 1);
    this.u = params.create(`${name}/sn_u`, [this.columns], { normal: 1 }, { trainable: false });
    this.v = params.create(`${name}/sn_v`, [this.rows], { normal: 1 }, { trainable: false });
    tf.tidy(() => {
      this.u.assign(l2Normalize(this.u));
      this.v.assign(l2Normalize(this.v));
    });
  }

  /** One power-iteration step: v <- W u / ||W u||, u <- W^T v / ||W^T v||. Not differentiated. */
  powerIteration(kernel: Tensor): void {
    tf.tidy(() => {
      const w = tf.reshape(kernel, [this.rows, this.columns]);
      const v = l2Normalize(tf.squeeze(tf.matMul(w, tf.reshape(this.u, [this.columns, 1])), [1]));
      const u = l2Normalize(tf.squeeze(tf.matMul(tf.reshape(v, [1, this.rows]), w), [0]));
      this.v.assign(v);
      this.u.assign(u);
    });
  }

  /** W / sigma with sigma = v^T W u, differentiable in W only. */
  normalize(kernel: Tensor): Tensor {
    return tf.tidy(() => {
      const w = tf.reshape(kernel, [this.rows, this.columns]);
      const sigma = tf.sum(tf.mul(tf.matMul(tf.reshape(this.v, [1, this.rows]), w), tf.reshape(this.u, [1, this.columns])));
      return tf.div(kernel, sigma);
    });
  }
}
