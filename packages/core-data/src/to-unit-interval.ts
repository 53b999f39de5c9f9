import { tensor, type Tensor } from '@tensorflow/tfjs-core';
import { DatasetError } from './dataset-error.js';

/** float32(v / 255) for every byte value v. */
export const UNIT_LUT: Float32Array = (() => {
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = v / 255;
  return lut;
})();

export function checkShape(shape: readonly number[], size: number, where: string): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new DatasetError(`${where}: shape must be an array of non-negative integers, found ${JSON.stringify(shape)}`);
  }
  const product = shape.reduce((a, b) => a * b, 1);
  if (product !== size) {
    throw new DatasetError(
      `${where}: shape [${shape.join(', ')}] holds ${product} values but the data has ${size}; pass a shape whose product is ${size}`,
    );
  }
}

/** Bytes 0..255 to a float32 tensor x / 255 of `shape` (one tensor, computed on the host). */
export function toUnitInterval(images: Uint8Array, shape: number[]): Tensor {
  checkShape(shape, images.length, 'toUnitInterval');
  const out = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) out[i] = UNIT_LUT[images[i]];
  return tensor(out, shape, 'float32');
}
