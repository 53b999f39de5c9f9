import * as tf from '@tensorflow/tfjs-core';
import type { DataType, Tensor, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * A kernel input as a Tensor that ops can consume. Inputs arrive as the caller's Tensors, which
 * the kernel must neither track nor dispose; a bare TensorInfo gets a Tensor of its own with the
 * backend's reference count raised, so that disposing it (a surrounding tf.tidy does) never
 * frees the caller's data.
 */
export function inputTensor<T extends Tensor = Tensor>(info: TensorInfo): T {
  if (info instanceof tf.Tensor) return info as T; // Tensor.hasInstance works across tfjs-core copies
  (tf.engine().backend as unknown as { incRef(dataId: object): void }).incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info) as T;
}

/**
 * Takes ownership of a fresh kernel output (a TensorInfo whose data nobody else references) as
 * a Tensor, so that a surrounding tf.tidy disposes it when it is only an intermediate.
 */
export function ownOutput<T extends Tensor = Tensor>(info: TensorInfo): T {
  if (info instanceof tf.Tensor) return info as T; // a kernel composed of ops already returns a tracked Tensor
  return tf.engine().makeTensorFromTensorInfo(info) as T;
}

/** Product of a shape's dimensions (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** `x` with its last two axes swapped. */
export function swapLastAxes(x: Tensor): Tensor {
  const perm = [...Array(x.rank).keys()];
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return tf.transpose(x, perm);
}

/**
 * Pads (positive amounts) or crops (negative amounts) axes 1 and 2 of an NHWC tensor, so that a
 * convolution can be written with explicit, possibly negative, padding.
 */
export function padOrCrop4D(x: Tensor, top: number, bottom: number, left: number, right: number): Tensor {
  let y = x;
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const [b, h, w, c] = y.shape as [number, number, number, number];
    const t = Math.max(-top, 0);
    const l = Math.max(-left, 0);
    y = tf.slice(y, [0, t, l, 0], [b, h - t - Math.max(-bottom, 0), w - l - Math.max(-right, 0), c]);
  }
  if (top > 0 || bottom > 0 || left > 0 || right > 0) {
    y = tf.pad(y, [
      [0, 0],
      [Math.max(top, 0), Math.max(bottom, 0)],
      [Math.max(left, 0), Math.max(right, 0)],
      [0, 0],
    ]);
  }
  return y;
}

/**
 * Inserts `sh - 1` zero rows and `sw - 1` zero columns after every row and column of an NHWC
 * tensor: [B, H, W, C] -> [B, H*sh, W*sw, C] (the trailing zeros are for the caller to crop).
 */
export function zeroInsert(x: Tensor, sh: number, sw: number): Tensor {
  if (sh === 1 && sw === 1) return x;
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const spread = tf.pad(tf.reshape(x, [b, h, 1, w, 1, c]), [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  return tf.reshape(spread, [b, h * sh, w * sw, c]);
}

/**
 * What the native kernels need from tfjs-backend-wasm's BackendWasm. Allocate every output before
 * taking any view: an allocation may grow the heap and replace its buffer.
 */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}
