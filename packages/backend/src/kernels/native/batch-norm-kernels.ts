/**
 * The fused batch-norm kernels of @genmodels/core-nn's contract (see its fused-batch-norm.ts),
 * run by native/batch-norm.c in place on the wasm heap: training-mode batch normalization (Ioffe &
 * Szegedy 2015) plus an optional ReLU or leaky ReLU, three passes over memory forward and two
 * backward, where TF.js's composition takes ~15 kernels forward and ~30 backward.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../../native/load-native-addon.js';
import { sizeOf, type WasmHeapBackend } from '../tensor-utils.js';

/** Kernel names shared with @genmodels/core-nn (FUSED_BATCH_NORM_KERNEL, FUSED_BATCH_NORM_GRAD_KERNEL). */
export const BATCH_NORM_KERNEL = 'GenmodelsBatchNorm';
export const BATCH_NORM_GRAD_KERNEL = 'GenmodelsBatchNormGrad';

interface BatchNormAttrs {
  epsilon: number;
  activation: 'linear' | 'relu' | 'leakyRelu';
  leakyAlpha: number;
}

/** The addon's activation codes (native/batch-norm.h). */
const ACTIVATION_CODES = { linear: 0, relu: 1, leakyRelu: 2 } as const;

function checkedAttrs(x: TensorInfo, attrs: unknown): { dims: Int32Array; attrs: BatchNormAttrs; code: 0 | 1 | 2 } {
  const a = attrs as BatchNormAttrs;
  if (x.shape.length < 2 || x.dtype !== 'float32') throw new Error(`${BATCH_NORM_KERNEL}: x must be float32 of rank 2 or more, got ${x.dtype} [${x.shape.join(', ')}]`);
  const code = ACTIVATION_CODES[a.activation];
  if (code === undefined) throw new Error(`${BATCH_NORM_KERNEL}: activation must be 'linear', 'relu' or 'leakyRelu', got "${String(a.activation)}"`);
  const channels = x.shape[x.shape.length - 1]!;
  return { dims: Int32Array.of(sizeOf(x.shape) / channels, channels), attrs: a, code };
}

/** Forward: [y, mean, variance]. Outputs are allocated before any heap view is taken (allocation may grow the heap). */
export function batchNormKernel(addon: NativeAddon): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const heap = backend as unknown as WasmHeapBackend;
    const { x, gamma, beta } = inputs as Record<'x' | 'gamma' | 'beta', TensorInfo>;
    const { dims, attrs: a, code } = checkedAttrs(x, attrs);
    const channels = [x.shape[x.shape.length - 1]!];
    const y = heap.makeOutput(x.shape, 'float32');
    const mean = heap.makeOutput(channels, 'float32');
    const variance = heap.makeOutput(channels, 'float32');
    const view = (t: TensorInfo): Float32Array => heap.typedArrayFromHeap(t);
    if (sizeOf(x.shape) > 0) {
      addon.batchNorm(view(x), view(gamma), view(beta), dims, a.epsilon, code, a.leakyAlpha, view(y), view(mean), view(variance));
    } else {
      view(mean).fill(Number.NaN);
      view(variance).fill(Number.NaN);
    }
    return [y, mean, variance];
  };
}

/** Backward: [dx, dgamma, dbeta] from dy and the forward's inputs and statistics. */
export function batchNormGradKernel(addon: NativeAddon): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const heap = backend as unknown as WasmHeapBackend;
    const { dy, x, gamma, beta, mean, variance } = inputs as Record<'dy' | 'x' | 'gamma' | 'beta' | 'mean' | 'variance', TensorInfo>;
    const { dims, attrs: a, code } = checkedAttrs(x, attrs);
    const dx = heap.makeOutput(x.shape, 'float32');
    const dgamma = heap.makeOutput(gamma.shape, 'float32');
    const dbeta = heap.makeOutput(beta.shape, 'float32');
    const view = (t: TensorInfo): Float32Array => heap.typedArrayFromHeap(t);
    if (sizeOf(x.shape) > 0) {
      addon.batchNormGrad(view(dy), view(x), view(gamma), view(beta), view(mean), view(variance), dims, a.epsilon, code, a.leakyAlpha, view(dx), view(dgamma), view(dbeta));
    } else {
      view(dgamma).fill(0);
      view(dbeta).fill(0);
    }
    return [dx, dgamma, dbeta];
  };
}
