/**
 * The Bernoulli negative log-likelihood of logits l for targets x in [0, 1] (x in {0, 1} for binary
 * data, where it is -log p(x); values between give the cross-entropy):
 *   -log p(x | l) = softplus(l) - l x = max(l, 0) - l x + log(1 + exp(-|l|)),
 * the overflow-free form (finite for any finite l). d/dl = sigmoid(l) - x, d/dx = -l.
 *
 * The fused contract: a backend may register `GenmodelsBernoulliNLL` and
 * `GenmodelsBernoulliNLLGrad` (the native wasm path of @genmodels/backend does) to compute the
 * per-row sum, the reconstruction term of a VAE on binary images, in one pass each way; the composed
 * form takes eight element-wise kernels and a sum forward and about six kernels backward, each a
 * pass over the [batch, pixels] logits.
 *
 * GenmodelsBernoulliNLL: inputs { logits [n, d], x [n, d] } (float32), no attrs, output [n]: the
 * sum over each row (each term in float32 in the order above; the sum may be taken in higher
 * precision). GenmodelsBernoulliNLLGrad: inputs { dy [n], logits, x }, output dlogits [n, d] =
 * dy[r] * (sigmoid(l) - x). The gradient is registered here; the gradient for x (-dy l) and any
 * second derivative are composed from ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';

export const BERNOULLI_NLL_KERNEL = 'GenmodelsBernoulliNLL';
export const BERNOULLI_NLL_GRAD_KERNEL = 'GenmodelsBernoulliNLLGrad';

/** Whether the active backend computes the per-row Bernoulli NLL and its gradient as one kernel each way. */
export function hasFusedBernoulliNLL(): boolean {
  return tf.getKernel(BERNOULLI_NLL_KERNEL, tf.getBackend()) !== undefined && tf.getKernel(BERNOULLI_NLL_GRAD_KERNEL, tf.getBackend()) !== undefined;
}

function composedNegLogLikelihood(logits: Tensor, x: Tensor): Tensor {
  return tf.add(tf.sub(tf.relu(logits), tf.mul(logits, x)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
}

/**
 * The per-dimension form with its gradient written out: sigmoid(l) - x and -l (3 kernels backward,
 * where autodiff of the composed form takes about 12, and the exact derivative at l = 0, where the
 * subgradients of relu and |l| would give -x instead of 0.5 - x). Its gradient is made of
 * differentiable ops, so second derivatives work.
 */
const negLogLikelihoodWithGradient = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
  const [logits, x, save] = args as [Tensor, Tensor, tf.GradSaveFunc];
  save([logits, x]);
  return {
    value: composedNegLogLikelihood(logits, x),
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const [l, target] = saved as [Tensor, Tensor];
      return [tf.mul(dy, tf.sub(tf.sigmoid(l), target)), tf.neg(tf.mul(dy, l))];
    },
  };
});

/** -log p(x_i | l_i) of each dimension (shapes broadcast). */
export function bernoulliNegLogLikelihoodPerDim(logits: Tensor, x: Tensor): Tensor {
  return tf.tidy(() =>
    // The written-out gradient needs one shape (a broadcast input's gradient must be summed back).
    tf.util.arraysEqual(logits.shape, x.shape) && logits.dtype === 'float32' && x.dtype === 'float32'
      ? negLogLikelihoodWithGradient(logits, x)
      : composedNegLogLikelihood(logits, x),
  );
}

function registerBernoulliNLLGradient(): void {
  if (tf.getGradient(BERNOULLI_NLL_KERNEL) !== undefined) return;
  tf.registerGradient({
    kernelName: BERNOULLI_NLL_KERNEL,
    inputsToSave: ['logits', 'x'],
    gradFunc: (dy, saved) => {
      const [logits, x] = saved as [Tensor2D, Tensor2D];
      const g = (Array.isArray(dy) ? dy[0]! : dy) as Tensor1D;
      const perRow = () => tf.reshape(g, [g.shape[0], 1]);
      const dx = () => tf.neg(tf.mul(perRow(), logits));
      // A gradient being recorded (a second derivative): ops that have gradients of their own.
      if (tf.engine().isTapeOn()) return { logits: () => tf.mul(perRow(), tf.sub(tf.sigmoid(logits), x)), x: dx };
      return { logits: () => tf.engine().runKernel(BERNOULLI_NLL_GRAD_KERNEL, { dy: g, logits, x }) as Tensor, x: dx };
    },
  });
}

/**
 * -log p(x | l) of each row, summed over its d dimensions: logits and x [n, d] -> [n]. One fused
 * kernel each way where the backend has them (same shape, float32), the per-dimension form
 * summed otherwise.
 */
export function bernoulliNegLogLikelihood(logits: Tensor2D, x: Tensor2D): Tensor1D {
  if (hasFusedBernoulliNLL() && tf.util.arraysEqual(logits.shape, x.shape) && logits.dtype === 'float32' && x.dtype === 'float32') {
    registerBernoulliNLLGradient();
    return tf.engine().runKernel(BERNOULLI_NLL_KERNEL, { logits, x }) as Tensor1D;
  }
  return tf.tidy(() => tf.sum(bernoulliNegLogLikelihoodPerDim(logits, x), -1)) as Tensor1D;
}
