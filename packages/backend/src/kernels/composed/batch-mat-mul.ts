import * as tf from '@tensorflow/tfjs-core';
import type { BatchMatMulAttrs, KernelConfig, KernelFunc, Tensor, Tensor2D, TensorInfo } from '@tensorflow/tfjs-core';
import { inputTensor, ownOutput } from '../tensor-utils.js';
import { composedBatchMatMul } from './composed-batch-mat-mul.js';

/**
 * BatchMatMul for the wasm backend. The stock kernel reaches XNNPACK only for an untransposed,
 * unbatched product and otherwise runs a scalar loop (0.4-2.7 GFLOP/s), which is what both
 * gradient matmuls of every Dense layer hit. This one rewrites every case as untransposed
 * GEMMs on the stock kernel's fast path.
 */
export function composedBatchMatMulKernel(stock: KernelConfig): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
    const callStock = (a: TensorInfo, b: TensorInfo, ta: boolean, tb: boolean): Tensor =>
      ownOutput(stock.kernelFunc({ inputs: { a, b }, backend, attrs: { transposeA: ta, transposeB: tb } }) as TensorInfo);
    return tf.tidy(() => {
      const a = inputTensor(inputs.a!);
      const b = inputTensor(inputs.b!);
      if (a.dtype !== 'float32' || b.dtype !== 'float32') return callStock(a, b, transposeA, transposeB);
      const gemm = (x: Tensor2D, y: Tensor2D): Tensor =>
        tf.reshape(callStock(tf.expandDims(x, 0), tf.expandDims(y, 0), false, false), [x.shape[0], y.shape[1]]);
      return composedBatchMatMul(a, b, transposeA, transposeB, gemm, (x, y) => callStock(x, y, transposeA, transposeB));
    });
  };
}
