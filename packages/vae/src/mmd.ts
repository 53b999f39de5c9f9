/**
 * Maximum mean discrepancy between two samples (Gretton et al. 2012), the unbiased U-statistic
 *   MMD^2 = 1/(n(n-1)) sum_{i!=j} k(a_i, a_j) + 1/(m(m-1)) sum_{i!=j} k(b_i, b_j) - 2/(nm) sum_{i,j} k(a_i, b_j),
 * as the WAE-MMD penalty between encoded codes and prior draws (Tolstikhin et al. 2018,
 * "Wasserstein Auto-Encoders", algorithm 2). The 'imq' kernel sums C / (C + |a - b|^2) over
 * the scales C = 2 d s, s in {0.1, 0.2, 0.5, 1, 2, 5, 10}, as in the paper's code; 'rbf' is
 * exp(-|a - b|^2 / (2 d)).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MMDKernel } from './autoencoder-config.js';

const IMQ_SCALES = [0.1, 0.2, 0.5, 1, 2, 5, 10];

function squaredDistances(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const aa = tf.sum(tf.square(a), 1, true);
    const bb = tf.transpose(tf.sum(tf.square(b), 1, true));
    return tf.relu(tf.sub(tf.add(aa, bb), tf.mul(tf.matMul(a, b, false, true), 2))) as tf.Tensor2D;
  });
}

function kernelMatrix(a: tf.Tensor2D, b: tf.Tensor2D, kernel: MMDKernel): tf.Tensor2D {
  return tf.tidy(() => {
    const d2 = squaredDistances(a, b);
    const dim = a.shape[1];
    if (kernel === 'rbf') return tf.exp(tf.div(tf.neg(d2), 2 * dim)) as tf.Tensor2D;
    const terms = IMQ_SCALES.map((s) => {
      const c = 2 * dim * s;
      return tf.div(c, tf.add(d2, c));
    });
    return tf.addN(terms) as tf.Tensor2D;
  });
}

function offDiagonalMean(k: tf.Tensor2D): tf.Scalar {
  const n = k.shape[0];
  return tf.tidy(() => tf.div(tf.sub(tf.sum(k), tf.sum(tf.mul(k, tf.eye(n)))), n * (n - 1))) as tf.Scalar;
}

/** The unbiased MMD^2 estimate between samples a [n, d] and b [m, d] (n, m >= 2). */
export function maximumMeanDiscrepancy(a: tf.Tensor2D, b: tf.Tensor2D, kernel: MMDKernel = 'imq'): tf.Scalar {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[1] || a.shape[0] < 2 || b.shape[0] < 2) {
    throw new Error(`maximumMeanDiscrepancy: expected samples [n, d] and [m, d] with n, m >= 2, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  }
  return tf.tidy(() =>
    tf.sub(
      tf.add(offDiagonalMean(kernelMatrix(a, a, kernel)), offDiagonalMean(kernelMatrix(b, b, kernel))),
      tf.mul(tf.mean(kernelMatrix(a, b, kernel)), 2),
    ),
  ) as tf.Scalar;
}
