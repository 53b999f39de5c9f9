import * as tf from '@tensorflow/tfjs-core';
import type { _FusedMatMulAttrs, KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { applyActivation } from '../apply-activation.js';
import { inputTensor, ownOutput } from '../tensor-utils.js';

/**
 * _FusedMatMul (matmul + bias + activation, what tfjs-layers' Dense runs forward) for the wasm
 * backend. When the product is one untransposed GEMM after folding the batch into the rows and
 * the bias is a row vector, the stock kernel's XNNPACK path runs it whole, activation fused.
 * Otherwise the product goes through BatchMatMul (itself composed) and bias and activation are
 * separate ops, which is what tfjs-core's gradient of the fused op assumes anyway.
 */
export function composedFusedMatMulKernel(stock: KernelConfig): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as unknown as _FusedMatMulAttrs;
    return tf.tidy(() => {
      const a = inputTensor(inputs.a!);
      const b = inputTensor(inputs.b!);
      const bias = inputs.bias ? inputTensor(inputs.bias) : undefined;
      const prelu = inputs.preluActivationWeights ? inputTensor(inputs.preluActivationWeights) : undefined;
      const n = b.shape[transposeB ? b.rank - 2 : b.rank - 1]!;
      const m = a.shape[transposeA ? a.rank - 1 : a.rank - 2]!;
      const k = a.shape[transposeA ? a.rank - 2 : a.rank - 1]!;
      const batchB = b.shape.slice(0, -2).reduce((p, d) => p * d, 1);
      const rowBias = bias === undefined || (bias.rank === 1 && bias.shape[0] === n);
      if (batchB === 1 && rowBias && activation !== 'prelu' && a.dtype === 'float32' && b.dtype === 'float32') {
        const rows = a.size / k;
        const a2 = tf.reshape(transposeA ? tf.transpose(tf.reshape(a, [-1, k, m]), [0, 2, 1]) : a, [1, rows, k]);
        const b2 = tf.reshape(transposeB ? tf.transpose(tf.reshape(b, [n, k])) : b, [1, k, n]);
        const out = ownOutput(stock.kernelFunc({
            inputs: bias === undefined ? { a: a2, b: b2 } : { a: a2, b: b2, bias },
            backend,
            attrs: { transposeA: false, transposeB: false, activation, leakyreluAlpha: leakyreluAlpha ?? 0.2 },
          }) as TensorInfo,
        );
        const batch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
        return tf.reshape(out, [...batch, m, n]);
      }
      let y: Tensor = tf.matMul(a, b, transposeA, transposeB);
      if (bias !== undefined) y = tf.add(y, bias);
      return applyActivation(y, activation, prelu, leakyreluAlpha);
    });
  };
}
