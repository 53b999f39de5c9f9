/**
 * The NADE network (Larochelle & Murray 2011, "The Neural Autoregressive Distribution
 * Estimator", equations 2-3), generalised to K outputs per dimension for RNADE (Uria, Murray &
 * Larochelle 2013):
 *   a_d = c + sum_{j<d} x_j W_j,   h_d = sigmoid(rho_d a_d),   out_d = h_d V_d + b_d,
 * with W: [D, H], c: [H], V: [D, H, K], b: [D, K] and rho: [D] (RNADE's activation rescaling;
 * fixed at 1 for NADE). The running sum a_d makes evaluation O(DH) instead of O(D^2 H), and
 * evaluating it in chunks of dimensions keeps its memory bounded.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D, Tensor3D, Variable } from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';
import type { RasterSampler } from './autoregressive-model.js';

/** Dimensions per chunk of NADE's running-sum evaluation. */
export const NADE_CHUNK_DIMS = 64;

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
   * Hidden pre-activations a_d for the dimensions [d0, d0 + size) of `x` ([batch, size, H]), given
   * `running` = c + sum_{j<d0} x_j W_j ([batch, H]): an exclusive cumulative sum inside the chunk.
   * The sum runs over the last axis because tfjs-core 4.22's Cumsum gradient has the wrong shape
   * for any other axis.
   */
  private preActivations(x: Tensor2D, d0: number, size: number, running: Tensor2D): Tensor3D {
    const xs = size === this.dataDim ? x : tf.slice(x, [0, d0], [-1, size]);
    const ws = size === this.dataDim ? this.w : tf.slice(this.w, [d0, 0], [size, -1]);
    const contributions = tf.mul(tf.expandDims(xs, 1), tf.expandDims(tf.transpose(ws), 0)); // [batch, H, size]
    return tf.add(tf.transpose(tf.cumsum(contributions, 2, true), [0, 2, 1]), tf.expandDims(running, 1)) as Tensor3D;
  }

  /** Outputs of the dimensions [d0, d0 + size) from their pre-activations: [batch, size, K]. */
  private readout(a: Tensor3D, d0: number, size: number): Tensor3D {
    const whole = size === this.dataDim;
    const rho = this.rho && (whole ? this.rho : tf.slice(this.rho, [d0], [size]));
    const v = whole ? this.v : tf.slice(this.v, [d0, 0, 0], [size, -1, -1]);
    const b = whole ? this.b : tf.slice(this.b, [d0, 0], [size, -1]);
    const scaled = rho ? tf.mul(a, tf.reshape(rho, [1, size, 1])) : a;
    const h = tf.sigmoid(scaled);
    // [size, batch, H] x [size, H, K] -> [size, batch, K] -> [batch, size, K]
    const out = tf.matMul(tf.transpose(h, [1, 0, 2]), v as unknown as Tensor3D);
    return tf.add(tf.transpose(out, [1, 0, 2]), b) as Tensor3D;
  }

  /**
   * Outputs for every dimension in O(DH) time per example: [batch, D, K]. The running sum is
   * evaluated `chunkDims` dimensions at a time (default 64), each chunk tidied on its own, so the
   * [batch, chunk, H] intermediates replace [batch, D, H] ones (784 MB each at batch 500 and
   * H = 500, where NADE's evaluation overflowed the wasm heap): memory is O(batch (H + D K +
   * chunk H)), linear in the batch, which is what a measured working set assumes. Under a gradient
   * tape the tape keeps what the backward pass needs, as before.
   */
  apply(x: Tensor2D, chunkDims = NADE_CHUNK_DIMS): Tensor3D {
    if (!(Number.isInteger(chunkDims) && chunkDims >= 1)) {
      throw new RangeError(`NADE: chunkDims must be a positive integer, got ${chunkDims}`);
    }
    return tf.tidy(() => {
      const n = x.shape[0];
      const chunk = Math.min(this.dataDim, chunkDims);
      let running = tf.broadcastTo(this.c, [n, this.hiddenUnits]) as Tensor2D;
      if (chunk === this.dataDim) return this.readout(this.preActivations(x, 0, this.dataDim, running), 0, this.dataDim);
      const outputs: Tensor3D[] = [];
      for (let d0 = 0; d0 < this.dataDim; d0 += chunk) {
        const size = Math.min(chunk, this.dataDim - d0);
        const current = running;
        outputs.push(tf.tidy(() => this.readout(this.preActivations(x, d0, size, current), d0, size)));
        if (d0 + size < this.dataDim) {
          running = tf.tidy(() => tf.add(current, tf.matMul(tf.slice(x, [0, d0], [-1, size]), tf.slice(this.w, [d0, 0], [size, -1]))) as Tensor2D);
          current.dispose(); // the tape keeps its own copy of what the backward pass needs
        }
      }
      return tf.concat(outputs, 1) as Tensor3D;
    });
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
