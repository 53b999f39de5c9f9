/** Tiny seeded models and data for the model tests (8x8 images, a 2-level UNet). */
import * as tf from '@tensorflow/tfjs-core';
import type { DiffusionConfigInput } from '../diffusion-config.js';

export const TINY_UNET: DiffusionConfigInput = {
  inputShape: [8, 8, 1],
  channels: [8, 16],
  groups: 4,
  sinusoidalDim: 8,
  embeddingDim: 16,
  emaDecay: 0.9,
};

/** Smooth seeded 8x8 images in [-1, 1]: random blobs. */
export function tinyImages(seed: number, n = 4): tf.Tensor4D {
  return tf.tidy(() => {
    const coarse = tf.randomUniform([n, 2, 2, 1], -1, 1, 'float32', seed) as tf.Tensor4D;
    return tf.image.resizeBilinear(coarse, [8, 8]);
  });
}
