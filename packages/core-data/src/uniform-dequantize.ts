import { add, div, mul, randomUniform, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { DatasetError } from './dataset-error.js';

/**
 * Uniform dequantization (Theis, van den Oord and Bethge, 2016; Dinh et al. 2017 sec 4.1): for x
 * in [0, 1] holding 8-bit values k / 255, returns (255 x + u) / 256 with u ~ U(0, 1), i.e. a
 * continuous value in [0, 1) whose density's likelihood lower-bounds the discrete one. Seeded:
 * the same x and seed give the same result (tfjs-core draws the noise on the host).
 */
export function uniformDequantize(x: Tensor, seed: number): Tensor {
  if (!Number.isSafeInteger(seed)) {
    throw new DatasetError(`uniformDequantize: seed must be a safe integer, found ${seed}`);
  }
  return tidy(() => {
    const u = randomUniform(x.shape, 0, 1, 'float32', seed);
    return div(add(mul(x, 255), u), 256);
  });
}
