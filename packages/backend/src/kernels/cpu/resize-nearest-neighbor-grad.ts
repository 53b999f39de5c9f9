/**
 * tfjs-backend-cpu 4.22's ResizeNearestNeighborGrad reads dy at the images' batch offset
 * (b * h * w * c) instead of dy's (b * H * W * c), so every example after the first gets the
 * gradient of the wrong pixels (the upsampling path of a UNet trains on garbage at batch > 1).
 * The stock kernel is right for one example: this runs it per example and stacks the results.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { inputTensor, ownOutput } from '../tensor-utils.js';

export function perExampleResizeNearestNeighborGrad(stock: KernelConfig): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { images, dy } = inputs as Record<'images' | 'dy', TensorInfo>;
    const batch = images.shape[0]!;
    if (batch <= 1) return stock.kernelFunc({ inputs, backend, attrs });
    return tf.tidy(() => {
      const imagesT = inputTensor(images);
      const dyT = inputTensor(dy);
      const parts: Tensor[] = [];
      for (let b = 0; b < batch; b++) {
        const one = {
          images: tf.slice(imagesT, [b, 0, 0, 0], [1, -1, -1, -1]),
          dy: tf.slice(dyT, [b, 0, 0, 0], [1, -1, -1, -1]),
        };
        parts.push(ownOutput(stock.kernelFunc({ inputs: one, backend, attrs }) as TensorInfo));
      }
      return tf.concat(parts, 0);
    });
  };
}
