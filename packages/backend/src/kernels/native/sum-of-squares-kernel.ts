/**
 * @genmodels/core-nn's fused sum-of-squares contract (its sum-of-squares.ts): sum(x^2) of a
 * float32 tensor in one native pass over the wasm heap (native/sum-of-squares.c), accumulated in
 * double in fixed blocks, with no x^2 temporary. minimize() takes it per variable for the
 * gradient norm it reports every step.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../../native/load-native-addon.js';
import type { WasmHeapBackend } from '../tensor-utils.js';

/** Kernel name shared with @genmodels/core-nn (SUM_OF_SQUARES_KERNEL). */
export const SUM_OF_SQUARES_KERNEL = 'GenmodelsSumOfSquares';

export function sumOfSquaresKernel(addon: NativeAddon): KernelFunc {
  return ({ inputs, backend }) => {
    const x = inputs.x as TensorInfo;
    if (x.dtype !== 'float32') throw new Error(`${SUM_OF_SQUARES_KERNEL}: x must be float32, got ${x.dtype}`);
    const heap = backend as unknown as WasmHeapBackend;
    const out = heap.makeOutput([], 'float32');
    const sum = addon.sumOfSquares(heap.typedArrayFromHeap(x));
    heap.typedArrayFromHeap(out)[0] = sum;
    return out;
  };
}
