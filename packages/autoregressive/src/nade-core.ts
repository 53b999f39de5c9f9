/**
 * The NADE network (Larochelle & Murray 2011, "The Neural Autoregressive Distribution
 * Estimator", equations 2-3), generalised to K outputs per dimension for RNADE (Uria, Murray &
 * Larochelle 2013):
 *   a_d = c + sum_{j<d} x_j W_j,   h_d = sigmoid(rho_d a_d),   out_d = h_d V_d + b_d,
 * with W: [D, H], c: [H], V: [D, H, K], b: [D, K] and rho: [D] (RNADE's activation rescaling;
 * fixed at 1 for NADE). The running sum a_d makes evaluation O(DH) instead of O(D^2 H).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D, Tensor3D, Variable } from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';
import type { RasterSampler } from './autoregressive-model.js';

export class NADECore {
  readonly w: Variable;
  readonly c: Variable;
  readonly v: Variable;
  readonly b: Variable;
  readonly rho: Variable | null;

  constructor(
    params: Parameters,
    readonly dataDim: number,
    readonly hiddenUnits: number,
    readonly outputsPerDim: number,
    rescale: boolean,
  ) {
    const scale = 1 / Math.sqrt(hiddenUnits);
    this.w = params.create('nade/W', [dataDim, hiddenUnits], { normal: 0.01 });
    this.c = params.create('nade/c', [hiddenUnits], 'zeros');
    this.v = params.create('nade/V', [dataDim, hiddenUnits, outputsPerDim], { normal: scale });
    this.b = params.create('nade/b', [dataDim, outputsPerDim], 'zeros');
    this.rho = rescale ? params.create('nade/rho', [dataDim], 'ones') : null;
  }

  /**
   * Hidden pre-activations for every d with the running sum: [batch, D, H] (exclusive cumulative
   * sum). The sum runs over the last axis because tfjs-core 4.22's Cumsum gradient has the wrong
   * shape for any other axis.
   */
  private preActivations(x: Tensor2D): tf.Tensor3D {
    const contributions = tf.mul(tf.expandDims(x, 1), tf.expandDims(tf.transpose(this.w), 0)); // [batch, H, D]
    return tf.add(tf.transpose(tf.cumsum(contributions, 2, true), [0, 2, 1]), this.c) as Tensor3D;
  }

  private readout(a: tf.Tensor3D): Tensor3D {
    const scaled = this.rho ? tf.mul(a, tf.reshape(this.rho, [1, this.dataDim, 1])) : a;
    const h = tf.sigmoid(scaled);
    // [D, batch, H] x [D, H, K] -> [D, batch, K] -> [batch, D, K]
    const out = tf.matMul(tf.transpose(h, [1, 0, 2]), this.v as unknown as Tensor3D);
    return tf.add(tf.transpose(out, [1, 0, 2]), this.b) as Tensor3D;
  }

  /** Outputs for every dimension in O(DH) per example: [batch, D, K]. */
  apply(x: Tensor2D): Tensor3D {
    return tf.tidy(() => this.readout(this.preActivations(x)));
  }

  /** The same outputs computed from scratch for each d, O(D^2 H): the definition, for tests. */
  applyNaive(x: Tensor2D): Tensor3D {
    return tf.tidy(() => {
      const n = x.shape[0];
      const rows: tf.Tensor[] = [];
      for (let d = 0; d < this.dataDim; d++) {
        let a: tf.Tensor = tf.broadcastTo(this.c, [n, this.hiddenUnits]);
        if (d > 0) a = tf.add(a, tf.matMul(tf.slice(x, [0, 0], [n, d]), tf.slice(this.w, [0, 0], [d, this.hiddenUnits])));
        if (this.rho) a = tf.mul(a, tf.slice(this.rho, [d], [1]));
        const h = tf.sigmoid(a);
        const vd = tf.reshape(tf.slice(this.v, [d, 0, 0], [1, -1, -1]), [this.hiddenUnits, this.outputsPerDim]);
        rows.push(tf.add(tf.matMul(h as Tensor2D, vd), tf.reshape(tf.slice(this.b, [d, 0], [1, -1]), [1, this.outputsPerDim])));
      }
      return tf.stack(rows, 1) as Tensor3D;
    });
  }

  /** Incremental sampler for the natural order: keeps a_d and adds x_{d-1} W_{d-1} at each step, O(H) per dimension. */
  sampler(numSamples: number): RasterSampler {
    let a: Tensor2D = tf.keep(tf.tidy(() => tf.tile(tf.reshape(this.c, [1, this.hiddenUnits]), [numSamples, 1]) as Tensor2D));
    let next = 0;
    return {
      paramsAt: (canvas, d) => {
        if (d !== next) throw new Error(`NADE sampler: dimensions must come in order 0, 1, ...; expected ${next}, got ${d}`);
        next = d + 1;
        if (d > 0) {
          const updated = tf.tidy(() =>
            tf.add(a, tf.mul(tf.slice(canvas, [0, d - 1], [-1, 1]), tf.slice(this.w, [d - 1, 0], [1, -1]))) as Tensor2D,
          );
          a.dispose();
          // sampler state outlives the caller's tf.tidy
          a = tf.keep(updated);
        }
        return tf.tidy(() => {
          const scaled = this.rho ? tf.mul(a, tf.slice(this.rho as Tensor1D, [d], [1])) : a;
          const vd = tf.reshape(tf.slice(this.v, [d, 0, 0], [1, -1, -1]), [this.hiddenUnits, this.outputsPerDim]);
          return tf.add(tf.matMul(tf.sigmoid(scaled) as Tensor2D, vd), tf.reshape(tf.slice(this.b, [d, 0], [1, -1]), [1, this.outputsPerDim])) as Tensor2D;
        });
      },
      dispose: () => a.dispose(),
    };
  }
}
