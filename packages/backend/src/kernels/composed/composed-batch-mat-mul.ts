import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import { sizeOf, swapLastAxes } from '../tensor-utils.js';

/** A plain row-major GEMM [M, K] x [K, N] -> [M, N] on a fast path (XNNPACK or BLAS). */
export type Gemm = (a: Tensor2D, b: Tensor2D) => Tensor;

/** Below this many multiply-adds per batch item, one kernel call per item costs more than a scalar loop. */
const PER_ITEM_MIN_MACS = 32_768;

/**
 * Batched matmul `op(a) op(b)` over broadcast batch axes, written as the fewest plain GEMMs:
 * transposes are materialised (memory-bound, cheap next to the product), a batch that meets a
 * single matrix is folded into the GEMM's rows (A batched) or columns (B batched), and only two
 * batched operands need one GEMM per item. `slow` (the stock kernel on operands with equal batch
 * axes, transposes as given) handles the rare case of many tiny items.
 */
export function composedBatchMatMul(
  a: Tensor,
  b: Tensor,
  transposeA: boolean,
  transposeB: boolean,
  gemm: Gemm,
  slow: (a: Tensor, b: Tensor) => Tensor,
): Tensor {
  const m = a.shape[transposeA ? a.rank - 1 : a.rank - 2]!;
  const k = a.shape[transposeA ? a.rank - 2 : a.rank - 1]!;
  const n = b.shape[transposeB ? b.rank - 2 : b.rank - 1]!;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const outBatch = tf.broadcast_util.assertAndGetBroadcastShape(batchA, batchB);
  const countA = sizeOf(batchA);
  const countB = sizeOf(batchB);
  const countOut = sizeOf(outBatch);
  const outShape = [...outBatch, m, n];

  if (countB === 1) {
    // Every A item meets the same B: one GEMM with the batch folded into the rows.
    const a2 = tf.reshape(transposeA ? swapLastAxes(a) : a, [countA * m, k]) as Tensor2D;
    const b2 = (transposeB ? tf.transpose(tf.reshape(b, [n, k])) : tf.reshape(b, [k, n])) as Tensor2D;
    return tf.reshape(gemm(a2, b2), outShape);
  }
  if (countA === 1) {
    // One A meets every B item: one GEMM with the batch folded into the columns.
    const a2 = (transposeA ? tf.transpose(tf.reshape(a, [k, m])) : tf.reshape(a, [m, k])) as Tensor2D;
    const b3 = tf.reshape(b, transposeB ? [countB, n, k] : [countB, k, n]);
    const b2 = tf.reshape(tf.transpose(b3, transposeB ? [2, 0, 1] : [1, 0, 2]), [k, countB * n]) as Tensor2D;
    const c = tf.reshape(gemm(a2, b2), [m, countB, n]);
    return tf.reshape(tf.transpose(c, [1, 0, 2]), outShape);
  }
  // Both batched: broadcast the batch axes where they differ (the stock kernels index a general
  // broadcast such as [2,1] x [1,3] wrongly), then one GEMM per output item, or the scalar loop
  // for many tiny items.
  const broadcast = (x: Tensor, batch: number[], count: number) =>
    count === countOut ? x : tf.broadcastTo(tf.reshape(x, [...Array(outBatch.length - batch.length).fill(1), ...x.shape]), [...outBatch, ...x.shape.slice(-2)]);
  const aFull = broadcast(a, batchA, countA);
  const bFull = broadcast(b, batchB, countB);
  if (m * k * n < PER_ITEM_MIN_MACS) return tf.reshape(slow(aFull, bFull), outShape);
  const a3 = transposeA ? swapLastAxes(aFull) : aFull;
  const b3 = transposeB ? swapLastAxes(bFull) : bFull;
  const as = tf.unstack(tf.reshape(a3, [countOut, m, k])) as Tensor2D[];
  const bs = tf.unstack(tf.reshape(b3, [countOut, k, n])) as Tensor2D[];
  return tf.reshape(tf.stack(as.map((ai, i) => gemm(ai, bs[i]!))), outShape);
}
