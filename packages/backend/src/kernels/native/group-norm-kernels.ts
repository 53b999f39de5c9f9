/**
 * The fused group-norm kernels of @genmodels/core-nn's contract (see its fused-group-norm.ts),
 * run by native/group-norm.c in place on the wasm heap: group normalization (Wu & He 2018) plus
 * an optional SiLU in two passes over memory each way, where TF.js's composition takes ~25 kernels
 * forward and as many backward.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../../native/load-native-addon.js';
import { sizeOf, type WasmHeapBackend } from '../tensor-utils.js';

/** Kernel names shared with @genmodels/core-nn (FUSED_GROUP_NORM_KERNEL, FUSED_GROUP_NORM_GRAD_KERNEL). */
export const GROUP_NORM_KERNEL = 'GenmodelsGroupNorm';
export const GROUP_NORM_GRAD_KERNEL = 'GenmodelsGroupNormGrad';

interface GroupNormAttrs {
  groups: number;
  epsilon: number;
  activation: 'linear' | 'silu';
}

function checkedAttrs(x: TensorInfo, attrs: unknown): { dims: Int32Array; attrs: GroupNormAttrs } {
  const a = attrs as GroupNormAttrs;
  const [n, h, w, c] = x.shape as [number, number, number, number];
  if (x.shape.length !== 4 || x.dtype !== 'float32') throw new Error(`${GROUP_NORM_KERNEL}: x must be float32 NHWC, got ${x.dtype} [${x.shape.join(', ')}]`);
  if (!(Number.isInteger(a.groups) && a.groups > 0 && c % a.groups === 0)) throw new Error(`${GROUP_NORM_KERNEL}: groups (${a.groups}) must divide the ${c} channels`);
  if (a.activation !== 'linear' && a.activation !== 'silu') throw new Error(`${GROUP_NORM_KERNEL}: activation must be 'linear' or 'silu', got "${String(a.activation)}"`);
  return { dims: Int32Array.of(n, h * w, c, a.groups), attrs: a };
}

/** Forward: [y, mean, invStd]. Outputs are allocated before any heap view is taken (allocation may grow the heap). */
export function groupNormKernel(addon: NativeAddon): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const heap = backend as unknown as WasmHeapBackend;
    const { x, gamma, beta } = inputs as Record<'x' | 'gamma' | 'beta', TensorInfo>;
    const { dims, attrs: a } = checkedAttrs(x, attrs);
    const y = heap.makeOutput(x.shape, 'float32');
    const mean = heap.makeOutput([dims[0]!, a.groups], 'float32');
    const invStd = heap.makeOutput([dims[0]!, a.groups], 'float32');
    if (sizeOf(x.shape) > 0) {
      const view = (t: TensorInfo): Float32Array => heap.typedArrayFromHeap(t);
      addon.groupNorm(view(x), view(gamma), view(beta), dims, a.epsilon, a.activation === 'silu', view(y), view(mean), view(invStd));
    }
    return [y, mean, invStd];
  };
}

/** Backward: [dx, dgamma, dbeta] from dy and the forward's inputs and statistics. */
export function groupNormGradKernel(addon: NativeAddon): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const heap = backend as unknown as WasmHeapBackend;
    const { dy, x, gamma, beta, mean, invStd } = inputs as Record<'dy' | 'x' | 'gamma' | 'beta' | 'mean' | 'invStd', TensorInfo>;
    const { dims, attrs: a } = checkedAttrs(x, attrs);
    const dx = heap.makeOutput(x.shape, 'float32');
    const dgamma = heap.makeOutput(gamma.shape, 'float32');
    const dbeta = heap.makeOutput(beta.shape, 'float32');
    const view = (t: TensorInfo): Float32Array => heap.typedArrayFromHeap(t);
    if (sizeOf(x.shape) > 0) {
      addon.groupNormGrad(view(dy), view(x), view(gamma), view(beta), view(mean), view(invStd), dims, a.activation === 'silu', view(dx), view(dgamma), view(dbeta));
    } else {
      view(dgamma).fill(0);
      view(dbeta).fill(0);
    }
    return [dx, dgamma, dbeta];
  };
}
