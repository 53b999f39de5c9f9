import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';
import { invertMatrix, luDecompose, orthogonalize, toRows } from './host-linear-algebra.js';
import type { ParameterizedTransform, TransformResult } from './transform.js';

/**
 * The invertible 1x1 convolution of Glow in its LU-decomposed form (Kingma & Dhariwal 2018,
 * sec 3.2): every position's channel vector is multiplied by
 *   W = P L (U + diag(sign * exp(logScale))),
 * P a fixed permutation, L unit lower triangular, U strictly upper triangular, so
 *   log|det J| = (h * w) * sum(logScale)
 * costs O(c) and W stays invertible for any trained values (its diagonal factors exp(.) never
 * vanish). W starts as a random rotation (QR of a seeded Gaussian matrix, then LU).
 * On vectors [batch, c] it is the LU-parameterized invertible linear layer.
 * Variables: `lower`, `upper`, `logScale` (trainable), `permutation`, `sign` (fixed, saved).
 */
export class InvertibleConv1x1 implements ParameterizedTransform {
  readonly params: Parameters;
  readonly lower: Variable;
  readonly upper: Variable;
  readonly logScale: Variable;
  readonly permutation: Variable;
  readonly sign: Variable;
  private readonly channels: number;
  private readonly lowerMask: Float32Array;

  constructor(params: Parameters, options: { channels: number; seed: number }) {
    const c = options.channels;
    if (!Number.isInteger(c) || c < 1) throw new Error(`InvertibleConv1x1: channels must be a positive integer, got ${c}`);
    this.params = params;
    this.channels = c;
    this.lowerMask = new Float32Array(c * c);
    for (let i = 0; i < c; i++) for (let j = 0; j < i; j++) this.lowerMask[i * c + j] = 1;

    const gaussian = tf.tidy(() => tf.randomNormal([c, c], 0, 1, 'float32', options.seed).dataSync());
    const { p, l, u } = luDecompose(orthogonalize(toRows(gaussian, c)));
    const flat = (rows: number[][]) => Float32Array.from(rows.flat());
    const diagonal = u.map((row, i) => row[i]);
    this.permutation = params.create('permutation', [c, c], 'zeros', { trainable: false });
    this.sign = params.create('sign', [c], 'zeros', { trainable: false });
    this.lower = params.create('lower', [c, c], 'zeros');
    this.upper = params.create('upper', [c, c], 'zeros');
    this.logScale = params.create('logScale', [c], 'zeros');
    tf.tidy(() => {
      this.permutation.assign(tf.tensor2d(flat(p), [c, c]));
      this.sign.assign(tf.tensor1d(diagonal.map(Math.sign)));
      this.lower.assign(tf.tensor2d(flat(l.map((row, i) => row.map((v, j) => (j < i ? v : 0)))), [c, c]));
      this.upper.assign(tf.tensor2d(flat(u.map((row, i) => row.map((v, j) => (j > i ? v : 0)))), [c, c]));
      this.logScale.assign(tf.tensor1d(diagonal.map((d) => Math.log(Math.abs(d)))));
    });
  }

  /** W = P L (U + diag(sign * exp(logScale))), [c, c]. */
  weight(): tf.Tensor2D {
    const c = this.channels;
    return tf.tidy(() => {
      const lowerMask = tf.tensor2d(this.lowerMask, [c, c]);
      const upperMask = tf.transpose(lowerMask);
      const l = tf.add(tf.mul(this.lower, lowerMask), tf.eye(c));
      const u = tf.add(tf.mul(this.upper, upperMask), tf.mul(tf.eye(c), tf.mul(this.sign, tf.exp(this.logScale))));
      return tf.matMul(this.permutation as tf.Tensor2D, tf.matMul(l, u));
    });
  }

  private apply(x: Tensor, matrix: tf.Tensor2D, logDetSign: number): TransformResult {
    if (x.rank < 2 || x.shape[x.rank - 1] !== this.channels) {
      throw new Error(`InvertibleConv1x1: expected inputs [batch, ..., ${this.channels}], got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      // y = W x for each position's channel vector: rows of X times W^T.
      const flat = tf.reshape(x, [-1, this.channels]);
      const outputs = tf.reshape(tf.matMul(flat, matrix, false, true), x.shape);
      const positions = x.shape.slice(1, -1).reduce((a, b) => a * b, 1);
      const logAbsDet = tf.add(tf.zeros([x.shape[0]]), tf.mul(tf.sum(this.logScale), logDetSign * positions)) as tf.Tensor1D;
      return { outputs, logAbsDet };
    });
  }

  forward(x: Tensor): TransformResult {
    return tf.tidy(() => this.apply(x, this.weight(), 1));
  }

  /** Applies W^-1, inverted on the host in float64 (sampling only; no gradient flows through it). */
  inverse(z: Tensor): TransformResult {
    const c = this.channels;
    const w = this.weight();
    const values = w.dataSync();
    w.dispose();
    const inverse = invertMatrix(toRows(values, c));
    return tf.tidy(() => this.apply(z, tf.tensor2d(Float32Array.from(inverse.flat()), [c, c]), -1));
  }
}
