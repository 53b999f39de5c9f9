/**
 * @genmodels/core-nn's fused Bernoulli NLL contract (its bernoulli-nll.ts) on wasm-native: the
 * per-row NLL of logits and its gradient, each one native pass over the wasm heap
 * (native/bernoulli-nll.c), where the composed form takes eight element-wise kernels and a sum
 * forward and about six backward, each a pass over the [batch, pixels] logits.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../../native/load-native-addon.js';
import type { WasmHeapBackend } from '../tensor-utils.js';

/** Kernel names shared with @genmodels/core-nn (BERNOULLI_NLL_KERNEL, BERNOULLI_NLL_GRAD_KERNEL). */
export const BERNOULLI_NLL_KERNEL = 'GenmodelsBernoulliNLL';
export const BERNOULLI_NLL_GRAD_KERNEL = 'GenmodelsBernoulliNLLGrad';

function checkOperands(kernel: string, logits: TensorInfo, x: TensorInfo): [number, number] {
  if (logits.dtype !== 'float32' || x.dtype !== 'float32' || logits.shape.length !== 2 || logits.shape.join() !== x.shape.join() || logits.shape[1] === 0) {
    throw new Error(`${kernel}: logits and x must be float32 [n, d] of one shape with d > 0, got ${logits.dtype} [${logits.shape.join(', ')}] and ${x.dtype} [${x.shape.join(', ')}]`);
  }
  return logits.shape as [number, number];
}

export function bernoulliNllKernel(addon: NativeAddon): KernelFunc {
  return ({ inputs, backend }) => {
    const { logits, x } = inputs as Record<string, TensorInfo>;
    const [rows, cols] = checkOperands(BERNOULLI_NLL_KERNEL, logits!, x!);
    const heap = backend as unknown as WasmHeapBackend;
    const out = heap.makeOutput([rows], 'float32');
    if (rows > 0) addon.bernoulliNll(heap.typedArrayFromHeap(logits!), heap.typedArrayFromHeap(x!), cols, heap.typedArrayFromHeap(out));
    return out;
  };
}

export function bernoulliNllGradKernel(addon: NativeAddon): KernelFunc {
  return ({ inputs, backend }) => {
    const { dy, logits, x } = inputs as Record<string, TensorInfo>;
    const [rows, cols] = checkOperands(BERNOULLI_NLL_GRAD_KERNEL, logits!, x!);
    if (dy!.dtype !== 'float32' || dy!.shape.join() !== String(rows)) throw new Error(`${BERNOULLI_NLL_GRAD_KERNEL}: dy must be float32 [${rows}], got ${dy!.dtype} [${dy!.shape.join(', ')}]`);
    const heap = backend as unknown as WasmHeapBackend;
    const dlogits = heap.makeOutput([rows, cols], 'float32');
    const view = (t: TensorInfo): Float32Array => heap.typedArrayFromHeap(t);
    if (rows > 0) addon.bernoulliNllGrad(view(dy!), view(logits!), view(x!), cols, view(dlogits));
    return dlogits;
  };
}
