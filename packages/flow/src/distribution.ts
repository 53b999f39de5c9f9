import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';

export interface DistributionSampleOptions {
  /** Non-zero seed; the same seed gives the same draw. */
  seed: number;
  /** Scales the standard deviation (Kingma & Dhariwal 2018, sec 5: "temperature" T). Default 1. */
  temperature?: number;
  /** Conditioning context per sample, [n, contextDim]. */
  context?: Tensor2D;
}

/** A base density over tensors shaped [batch, ...eventShape]. */
export interface Distribution {
  readonly eventShape: readonly number[];
  /** log density per example in nats, summed over the event dimensions: [batch]. */
  logProb(z: Tensor, context?: Tensor2D): Tensor1D;
  /** n draws shaped [n, ...eventShape]; the caller owns them. */
  sample(n: number, options: DistributionSampleOptions): Tensor;
}
