import { type Tensor, type Tensor1D, add, neg, softplus, sum, tidy } from '@tensorflow/tfjs-core';

/**
 * log |det dy/dx| of RealNVP's logit transform y = logit(alpha + (1 - 2 alpha) x) (Dinh et al.
 * 2017, sec 4.1), computed from the OUTPUT y, per example (axis 0 is the batch):
 *
 *   sum_i [log(1 - 2 alpha) - log p_i - log(1 - p_i)],  p = sigmoid(y),
 *   with -log sigmoid(y) = softplus(-y) and -log(1 - sigmoid(y)) = softplus(y).
 *
 * Use it as evaluateLikelihood's `logDetCorrection` when the batches are already in logit space;
 * it equals core-data's logitTransform(x).logDet for the x that produced y.
 */
export function logitLogDetFromOutput(y: Tensor, alpha = 0.05): Tensor1D {
  if (!(alpha >= 0 && alpha < 0.5)) throw new RangeError(`logitLogDetFromOutput: alpha must be in [0, 0.5), got ${alpha}`);
  if (y.rank < 2) throw new RangeError(`logitLogDetFromOutput: y must be [batch, ...dims], got shape [${y.shape.join(', ')}]`);
  return tidy(() => {
    const perDim = add(add(softplus(y), softplus(neg(y))), Math.log(1 - 2 * alpha));
    const axes = Array.from({ length: y.rank - 1 }, (_, i) => i + 1);
    return sum(perDim, axes) as Tensor1D;
  });
}
