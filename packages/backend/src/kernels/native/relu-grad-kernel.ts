/**
 * @genmodels/core-nn's GenmodelsReluGrad (see its relu.ts) on the wasm heap: dx = dy where y > 0,
 * else 0, in one vectorised pass on the OpenMP threads (native/bias-activation.c), where tfjs-core's
 * gradient runs Step, Cast and Multiply.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../../native/load-native-addon.js';
import { sizeOf, type WasmHeapBackend } from '../tensor-utils.js';

/** Kernel name shared with @genmodels/core-nn (RELU_GRAD_KERNEL). */
export const RELU_GRAD_KERNEL = 'GenmodelsReluGrad';

export function reluGradKernel(addon: NativeAddon): KernelFunc {
  return ({ inputs, backend }) => {
    const heap = backend as unknown as WasmHeapBackend;
    const { dy, y } = inputs as Record<'dy' | 'y', TensorInfo>;
    if (dy.dtype !== 'float32' || y.dtype !== 'float32' || !tf.util.arraysEqual(dy.shape, y.shape)) {
      throw new Error(`${RELU_GRAD_KERNEL}: dy and y must be float32 of one shape, got ${dy.dtype} [${dy.shape.join(', ')}] and ${y.dtype} [${y.shape.join(', ')}]`);
    }
    const dx = heap.makeOutput(dy.shape, 'float32');
    if (sizeOf(dy.shape) > 0) addon.reluGrad(heap.typedArrayFromHeap(dy), heap.typedArrayFromHeap(y), heap.typedArrayFromHeap(dx));
    return dx;
  };
}
