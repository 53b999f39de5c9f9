import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, Tensor, Tensor2D, UnsortedSegmentSumAttrs } from '@tensorflow/tfjs-core';
import { inputTensor, sizeOf } from '../tensor-utils.js';

/**
 * UnsortedSegmentSum (the gradient of gather, i.e. of every embedding lookup) as one matmul:
 * out[s, ...] = sum_{i : ids[i] = s} x[i, ...] = oneHot(ids)^T x. Ids outside [0, numSegments)
 * contribute nothing, as in TensorFlow.
 */
export function unsortedSegmentSumComposed(x: Tensor, segmentIds: Tensor, numSegments: number): Tensor {
  const idsRank = segmentIds.rank;
  const rows = sizeOf(segmentIds.shape);
  const rest = x.shape.slice(idsRank);
  const x2 = tf.reshape(x.dtype === 'float32' ? x : tf.cast(x, 'float32'), [rows, sizeOf(rest)]) as Tensor2D;
  // oneHot's dtype argument is ignored by the wasm kernel (it always writes int32): cast instead.
  const selector = tf.cast(tf.oneHot(tf.reshape(tf.cast(segmentIds, 'int32'), [rows]), numSegments), 'float32') as Tensor2D;
  const out = tf.reshape(tf.matMul(selector, x2, true, false), [numSegments, ...rest]);
  return x.dtype === 'float32' ? out : tf.cast(tf.round(out), x.dtype);
}

/** Kernel wrapper of {@link unsortedSegmentSumComposed}. */
export const unsortedSegmentSumKernel: KernelFunc = ({ inputs, attrs }) =>
  tf.tidy(() =>
    unsortedSegmentSumComposed(inputTensor(inputs.x!), inputTensor(inputs.segmentIds!), (attrs as unknown as UnsortedSegmentSumAttrs).numSegments),
  );
