/**
 * Native replacements for the stock wasm Add, Sub and Multiply of two float32 tensors of one shape
 * (native/binary-math.c, on the OpenMP threads): the stock kernels run on one thread, 2.6 ms for an
 * add of two [64, 28, 28, 64] activations. Broadcasts, other dtypes and empty tensors go to the
 * kernel registered before. IEEE float32 arithmetic: the results are the stock kernels', bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../../native/load-native-addon.js';
import { sizeOf, type WasmHeapBackend } from '../tensor-utils.js';

/** The kernels replaced, in the op-code order of native/binary-math.h. */
export const BINARY_OPS = ['Add', 'Sub', 'Multiply'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

/** Below this many elements the stock kernel is as fast (no thread hand-off). */
const MIN_NATIVE_SIZE = 1 << 14;

export function binaryKernel(addon: NativeAddon, op: BinaryOp, previous: KernelConfig): KernelFunc {
  const code = BINARY_OPS.indexOf(op);
  return (args) => {
    const { a, b } = args.inputs as Record<'a' | 'b', TensorInfo>;
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || !tf.util.arraysEqual(a.shape, b.shape) || sizeOf(a.shape) < MIN_NATIVE_SIZE) return previous.kernelFunc(args);
    const heap = args.backend as unknown as WasmHeapBackend;
    const out = heap.makeOutput(a.shape, 'float32');
    addon.binary(code, heap.typedArrayFromHeap(a), heap.typedArrayFromHeap(b), heap.typedArrayFromHeap(out));
    return out;
  };
}
