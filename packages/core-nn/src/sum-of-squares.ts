/**
 * The fused sum-of-squares contract: a backend may register `GenmodelsSumOfSquares` (the native
 * wasm path of @genmodels/backend does) to compute sum(x^2) of a float32 tensor in one pass, with
 * no x^2 temporary. The global gradient norm that minimize() reports every step (Pascanu et al.
 * 2013, the norm gradient clipping uses) otherwise takes a Square and a Sum per variable: 24
 * kernels and a full-size temporary per variable each step of the VAE bench task.
 *
 * GenmodelsSumOfSquares: inputs { x } (float32, any shape), no attrs, output a float32 scalar
 * (accumulated in double, then rounded). Not differentiable: sumOfSquares composes TF.js ops
 * whenever a gradient is being recorded.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';

export const SUM_OF_SQUARES_KERNEL = 'GenmodelsSumOfSquares';

/** sum(x^2) as a float32 scalar: one fused kernel where the backend has it, tf.sum(tf.square(x)) otherwise. */
export function sumOfSquares(x: Tensor): Scalar {
  if (x.dtype === 'float32' && !tf.engine().isTapeOn() && tf.getKernel(SUM_OF_SQUARES_KERNEL, tf.getBackend()) !== undefined) {
    return tf.engine().runKernel(SUM_OF_SQUARES_KERNEL, { x }) as Scalar;
  }
  return tf.tidy(() => tf.sum(tf.square(x)));
}

/** sqrt(sum over the tensors of sum(t^2)): the global L2 norm of a list of gradients (null entries skipped), a scalar the caller owns. */
export function globalNorm(tensors: readonly (Tensor | null | undefined)[]): Scalar {
  return tf.tidy(() => {
    const squares = tensors.filter((t): t is Tensor => t != null).map((t) => sumOfSquares(t));
    return tf.sqrt(squares.length > 0 ? tf.addN(squares) : tf.scalar(0));
  });
}
