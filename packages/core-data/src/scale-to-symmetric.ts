import { mul, sub, tidy, type Tensor } from '@tensorflow/tfjs-core';

/** Maps [0, 1] to [-1, 1]: 2x - 1 (the GAN / diffusion convention, e.g. Ho et al. 2020 sec 3.3). */
export function scaleToSymmetric(x: Tensor): Tensor {
  return tidy(() => sub(mul(x, 2), 1));
}
