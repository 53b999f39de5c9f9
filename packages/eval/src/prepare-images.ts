import { type Tensor, type Tensor4D, add, cast, clipByValue, div, mul, reshape, round, tidy } from '@tensorflow/tfjs-core';

/** The pixel range of images given to the feature network: [0, 1] ('unit') or [-1, 1] ('symmetric'). */
export type InputRange = 'unit' | 'symmetric';

/**
 * Brings images to the feature network's input: [n, 28, 28, 1] with 8-bit pixel values in [0, 1].
 * Accepts [n, 784], [n, 28, 28] or [n, 28, 28, 1]; maps [-1, 1] to [0, 1]; clips; and rounds to
 * the 256 levels of an 8-bit image, so features (and FID) depend only on the image as it would be
 * saved, as for FID on image files (Heusel et al. 2017; Parmar et al. 2022 on resizing/quantizing pitfalls).
 */
export function prepareImages(images: Tensor, inputRange: InputRange = 'unit'): Tensor4D {
  const n = images.shape[0];
  const perImage = images.size / Math.max(n, 1);
  if (images.rank < 2 || perImage !== 784) {
    throw new RangeError(
      `feature network input: expected 28x28x1 images ([n, 784], [n, 28, 28] or [n, 28, 28, 1]), got shape [${images.shape.join(', ')}]`,
    );
  }
  if (inputRange !== 'unit' && inputRange !== 'symmetric') {
    throw new RangeError(`feature network input: inputRange must be 'unit' ([0, 1]) or 'symmetric' ([-1, 1]), got ${JSON.stringify(inputRange)}`);
  }
  return tidy(() => {
    let x = reshape(cast(images, 'float32'), [n, 28, 28, 1]);
    if (inputRange === 'symmetric') x = mul(add(x, 1), 0.5);
    return div(round(mul(clipByValue(x, 0, 1), 255)), 255) as Tensor4D;
  });
}
