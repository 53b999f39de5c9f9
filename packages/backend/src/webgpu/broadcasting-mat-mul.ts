import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { inputTensor, ownOutput, sizeOf } from '../kernels/tensor-utils.js';

/** True when the batch axes of a and b broadcast against each other in a way TF.js's webgpu matmul cannot. */
function needsExplicitBroadcast(batchA: number[], batchB: number[]): boolean {
  if (sizeOf(batchA) === 1 || sizeOf(batchB) === 1) return false; // the stock kernel broadcasts these
  const rank = Math.max(batchA.length, batchB.length);
  const pad = (s: number[]) => [...Array<number>(rank - s.length).fill(1), ...s];
  return pad(batchA).some((d, i) => d !== pad(batchB)[i]);
}

function broadcastBatch(x: Tensor, batch: number[]): Tensor {
  const lead = Array<number>(batch.length - (x.rank - 2)).fill(1);
  return tf.broadcastTo(tf.reshape(x, [...lead, ...x.shape]), [...batch, ...x.shape.slice(-2)]);
}

/**
 * BatchMatMul / _FusedMatMul for tfjs-backend-webgpu when the batch axes broadcast in both
 * operands (a [2, 1, m, k] times a [1, 3, k, n]). The stock kernel folds each operand's batch axes
 * into one and accepts only equal folds or a fold of 1, so this case threw a reshape error, and a
 * [2, 1] x [1, 2] batch (equal folds) would pair the wrong items. Here both operands are broadcast
 * to the output's batch shape first; every other case goes to the stock kernel unchanged.
 */
export function broadcastingMatMul(stock: KernelConfig): KernelFunc {
  return (args) => {
    const a = args.inputs.a as TensorInfo;
    const b = args.inputs.b as TensorInfo;
    const batchA = a.shape.slice(0, -2);
    const batchB = b.shape.slice(0, -2);
    if (!needsExplicitBroadcast(batchA, batchB)) return stock.kernelFunc(args);
    return tf.tidy(() => {
      const batch = tf.broadcast_util.assertAndGetBroadcastShape(batchA, batchB);
      const inputs = { ...args.inputs, a: broadcastBatch(inputTensor(a), batch), b: broadcastBatch(inputTensor(b), batch) };
      return ownOutput(stock.kernelFunc({ ...args, inputs }) as TensorInfo);
    });
  };
}
