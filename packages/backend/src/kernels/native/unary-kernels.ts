/**
 * Native replacements for the transcendental element-wise wasm kernels (native/unary-math.c):
 * the stock ones call libm one scalar at a time on one thread, which made Exp and Log1p of the
 * VAE's Bernoulli likelihood over a 128 x 784 batch cost 0.7 ms each, as much as a 784 -> 512
 * matmul. Other dtypes go to the kernel registered before.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../../native/load-native-addon.js';
import { sizeOf, type WasmHeapBackend } from '../tensor-utils.js';

/** The kernels replaced, in the op-code order of native/unary-math.h. */
export const UNARY_OPS = ['Exp', 'Log', 'Log1p', 'Sigmoid', 'Softplus', 'Relu'] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

export function unaryKernel(addon: NativeAddon, op: UnaryOp, previous: KernelConfig): KernelFunc {
  const code = UNARY_OPS.indexOf(op);
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype !== 'float32' || sizeOf(x.shape) === 0) return previous.kernelFunc(args);
    const heap = args.backend as unknown as WasmHeapBackend;
    const y = heap.makeOutput(x.shape, 'float32');
    addon.unary(code, heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(y));
    return y;
  };
}
