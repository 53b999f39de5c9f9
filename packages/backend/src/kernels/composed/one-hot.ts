import type { KernelFunc, OneHotAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { sizeOf, type WasmHeapBackend } from '../tensor-utils.js';

/**
 * OneHot written on the wasm heap in the requested dtype. tfjs-backend-wasm 4.22's kernel ignores
 * the dtype attr and writes int32 values into its output, so tf.oneHot(i, depth, 1, 0, 'float32')
 * held 1.4e-45 (the bits of int 1) where 1 belongs: an autoregressive sampler that writes each
 * pixel through a one-hot column drew blank images on wasm. Indices outside [0, depth) give a row
 * of offValue, as on cpu.
 */
export const oneHotKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const indices = inputs.indices as TensorInfo;
  const { depth, onValue, offValue, dtype } = attrs as unknown as OneHotAttrs;
  const heap = backend as unknown as WasmHeapBackend;
  const out = heap.makeOutput([...indices.shape, depth], dtype);
  const values = heap.typedArrayFromHeap(out);
  values.fill(offValue);
  const n = sizeOf(indices.shape);
  if (n > 0 && depth > 0) {
    const at = heap.typedArrayFromHeap(indices);
    for (let i = 0; i < n; i++) {
      const index = at[i]!;
      if (index >= 0 && index < depth) values[i * depth + index] = onValue;
    }
  }
  return out;
};
