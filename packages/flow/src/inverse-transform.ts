import type { Tensor } from '@tensorflow/tfjs-core';
import type { Transform, TransformOptions, TransformResult } from './transform.js';

/**
 * The inverse of a transform: swaps forward and inverse (e.g. an unsqueeze from a squeeze, or
 * IAF from a MAF layer: Kingma et al. 2016 use the autoregressive map in the sampling direction).
 */
export class InverseTransform implements Transform {
  constructor(readonly base: Transform) {}

  forward(x: Tensor, options?: TransformOptions): TransformResult {
    return this.base.inverse(x, options);
  }

  inverse(z: Tensor, options?: TransformOptions): TransformResult {
    return this.base.forward(z, options);
  }
}
