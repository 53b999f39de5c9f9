import { cast, greater, tidy, type Tensor } from '@tensorflow/tfjs-core';

/**
 * Static binarization: 1 where x > threshold (default 0.5), else 0, as float32. Applied once per
 * image (fixed, not resampled each epoch), as bench-spec's "binarized" data. Note the literature's
 * NADE/MADE/PixelCNN figures used stochastic binarization (Salakhutdinov and Murray, 2008).
 */
export function binarize(x: Tensor, threshold = 0.5): Tensor {
  return tidy(() => cast(greater(x, threshold), 'float32'));
}
