import { add, div, log, mul, sigmoid, sub, sum, tidy, type Tensor, type Tensor1D } from '@tensorflow/tfjs-core';
import { DatasetError } from './dataset-error.js';

/** The default alpha of RealNVP's logit transform (and bench-spec's "dequantized" data). */
export const LOGIT_ALPHA = 0.05;

function checkAlpha(alpha: number, where: string): void {
  if (!(alpha >= 0 && alpha < 0.5)) {
    throw new DatasetError(`${where}: alpha must be in [0, 0.5), found ${alpha}`);
  }
}

/**
 * The logit transform of RealNVP (Dinh, Sohl-Dickstein and Bengio, 2017, sec 4.1):
 * y = logit(p) with p = alpha + (1 - 2 alpha) x, for x in [0, 1] (dequantized data), alpha = 0.05.
 *
 * `logDet` is log|det dy/dx| per example (axis 0 is the batch), summed over the other axes:
 * sum_i [log(1 - 2 alpha) - log p_i - log(1 - p_i)]. A density model of y gives the density of x
 * as log p(x) = log p(y) + logDet. Both tensors belong to the caller.
 */
export function logitTransform(x: Tensor, alpha = LOGIT_ALPHA): { y: Tensor; logDet: Tensor1D } {
  checkAlpha(alpha, 'logitTransform');
  if (x.rank < 1) throw new DatasetError('logitTransform: x must have a batch axis (rank >= 1), found a scalar');
  const [y, logDet] = tidy(() => {
    const p = add(mul(x, 1 - 2 * alpha), alpha);
    const logP = log(p);
    const log1mP = log(sub(1, p));
    const perDim = sub(Math.log(1 - 2 * alpha), add(logP, log1mP));
    const axes = Array.from({ length: x.rank - 1 }, (_, i) => i + 1);
    return [sub(logP, log1mP), axes.length === 0 ? perDim : sum(perDim, axes)];
  });
  return { y, logDet: logDet as Tensor1D };
}

/** Inverse of logitTransform: x = (sigmoid(y) - alpha) / (1 - 2 alpha). */
export function inverseLogitTransform(y: Tensor, alpha = LOGIT_ALPHA): Tensor {
  checkAlpha(alpha, 'inverseLogitTransform');
  return tidy(() => div(sub(sigmoid(y), alpha), 1 - 2 * alpha));
}
