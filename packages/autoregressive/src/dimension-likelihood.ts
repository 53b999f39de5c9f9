/**
 * The distribution of one data dimension given the network's parameters for it. Every
 * autoregressive model here outputs `paramsPerDim` numbers per dimension and delegates the
 * likelihood and the sampling of that dimension to one of these.
 */
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';

export type LikelihoodName = 'bernoulli' | 'categorical' | 'logistic-mixture' | 'gaussian-mixture';

export interface DimensionLikelihood {
  readonly name: LikelihoodName;
  /** Parameters the network emits per dimension. */
  readonly paramsPerDim: number;
  /** Maps data values to what the network reads (e.g. [0, 1] -> [-1, 1] for 8-bit pixels). */
  networkInput(x: Tensor): Tensor;
  /** log p(x | params) in nats: params [..., paramsPerDim], x [...] -> [...]. */
  logProb(params: Tensor, x: Tensor): Tensor;
  /** One draw per row: params [n, paramsPerDim] -> [n] data values, seeded. */
  sample(params: Tensor2D, seed: number, temperature: number): Tensor1D;
}
