import { tensor, type Tensor } from '@tensorflow/tfjs-core';
import { DatasetError } from './dataset-error.js';
import type { Preprocessing } from './describe-preprocessing.js';
import type { ImageDataset } from './image-dataset.js';
import { UNIT_LUT } from './to-unit-interval.js';

type PixelPreprocessing = Exclude<Preprocessing, 'dequantized-logit'>;

/**
 * Per-byte lookup tables that give exactly the float32 values of the tensor pipelines:
 * toUnitInterval, then binarize (x > 0.5) or scaleToSymmetric (2x - 1).
 */
const LUTS: Record<PixelPreprocessing, Float32Array> = {
  unit: UNIT_LUT,
  binarized: UNIT_LUT.map((v) => (v > 0.5 ? 1 : 0)),
  symmetric: UNIT_LUT.map((v) => Math.fround(2 * v) - 1),
};

/**
 * Images of a dataset (all of them, or the rows `indices`) as one float32 tensor,
 * [n, height, width, channels] or, with `flatten`, [n, height * width * channels]. The pixel
 * values equal the tensor transforms' (toUnitInterval + binarize / scaleToSymmetric) bit for bit;
 * only one tensor is created. 'dequantized-logit' is seeded and needs its log-determinant: build
 * it with toUnitInterval, uniformDequantize and logitTransform.
 */
export function imagesToTensor(
  dataset: ImageDataset,
  options: { preprocessing: PixelPreprocessing; flatten?: boolean; indices?: Int32Array },
): Tensor {
  const lut = LUTS[options.preprocessing];
  if (lut === undefined) {
    throw new DatasetError(
      `imagesToTensor: unsupported preprocessing ${JSON.stringify(options.preprocessing)}; expected unit, binarized or symmetric ` +
        '(for dequantized-logit use toUnitInterval, uniformDequantize and logitTransform)',
    );
  }
  const size = dataset.height * dataset.width * dataset.channels;
  if (dataset.images.length !== dataset.count * size) {
    throw new DatasetError(
      `imagesToTensor: ${dataset.name} ${dataset.split} has ${dataset.images.length} bytes, expected count * h * w * c = ${dataset.count * size}`,
    );
  }
  const indices = options.indices;
  const n = indices === undefined ? dataset.count : indices.length;
  const out = new Float32Array(n * size);
  const images = dataset.images;
  for (let row = 0; row < n; row++) {
    const src = indices === undefined ? row : indices[row];
    if (!(src >= 0 && src < dataset.count)) {
      throw new DatasetError(
        `imagesToTensor: indices[${row}] = ${src} is out of range for ${dataset.name} ${dataset.split} with ${dataset.count} images`,
      );
    }
    const from = src * size;
    const to = row * size;
    for (let j = 0; j < size; j++) out[to + j] = lut[images[from + j]];
  }
  const shape = options.flatten ? [n, size] : [n, dataset.height, dataset.width, dataset.channels];
  return tensor(out, shape, 'float32');
}
