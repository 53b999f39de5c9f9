import { overrideKernel, stockKernel } from '../override-kernel.js';
import { composedBatchMatMulKernel } from './batch-mat-mul.js';
import { conv2DBackpropFilterKernel } from './conv2d-backprop-filter.js';
import { conv2DKernel } from './conv2d-empty-input.js';
import { conv2DBackpropInputKernel } from './conv2d-backprop-input.js';
import { depthwiseConv2dBackpropFilterKernel } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dBackpropInputKernel } from './depthwise-conv2d-backprop-input.js';
import { depthwiseConv2dNativeKernel, fusedDepthwiseConv2DKernel } from './depthwise-conv2d-native.js';
import { composedFusedMatMulKernel } from './fused-mat-mul.js';
import { identityKernel } from './identity.js';
import { oneHotKernel } from './one-hot.js';
import { sliceKernel } from './slice.js';
import { unsortedSegmentSumKernel } from './unsorted-segment-sum.js';

/** Kernel names the JS-composed wasm path adds (missing on wasm) or replaces (slow, or wrong in three cases, on wasm). */
export const COMPOSED_WASM_KERNELS = [
  'BatchMatMul',
  '_FusedMatMul',
  'Conv2DBackpropInput',
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  'UnsortedSegmentSum',
  'DepthwiseConv2dNative',
  'FusedDepthwiseConv2D',
  'Identity',
  'Slice',
  'OneHot',
  'Conv2D',
] as const;

/**
 * Installs the training kernels tfjs-backend-wasm lacks or runs slowly, each composed from the
 * backend's fast (XNNPACK) kernels, so that conv nets train on wasm. Idempotent. Returns the
 * kernel names installed.
 */
export function registerComposedWasmKernels(backendName = 'wasm'): string[] {
  const stockMatMul = stockKernel('BatchMatMul', backendName);
  const stockFused = stockKernel('_FusedMatMul', backendName);
  const stockDepthwise = stockKernel('DepthwiseConv2dNative', backendName);
  const stockFusedDepthwise = stockKernel('FusedDepthwiseConv2D', backendName);
  const stockSlice = stockKernel('Slice', backendName);
  const stockConv2D = stockKernel('Conv2D', backendName);
  if (stockMatMul === undefined || stockFused === undefined || stockDepthwise === undefined || stockFusedDepthwise === undefined || stockSlice === undefined || stockConv2D === undefined) {
    throw new Error(`backend '${backendName}' lacks the stock kernels (BatchMatMul, _FusedMatMul, DepthwiseConv2dNative, FusedDepthwiseConv2D, Slice, Conv2D) to compose from; is tfjs-backend-wasm loaded?`);
  }
  overrideKernel('BatchMatMul', backendName, composedBatchMatMulKernel(stockMatMul));
  overrideKernel('_FusedMatMul', backendName, composedFusedMatMulKernel(stockFused));
  overrideKernel('Conv2DBackpropInput', backendName, conv2DBackpropInputKernel);
  overrideKernel('Conv2DBackpropFilter', backendName, conv2DBackpropFilterKernel);
  overrideKernel('DepthwiseConv2dNativeBackpropInput', backendName, depthwiseConv2dBackpropInputKernel);
  overrideKernel('DepthwiseConv2dNativeBackpropFilter', backendName, depthwiseConv2dBackpropFilterKernel);
  overrideKernel('UnsortedSegmentSum', backendName, unsortedSegmentSumKernel);
  overrideKernel('DepthwiseConv2dNative', backendName, depthwiseConv2dNativeKernel(stockDepthwise));
  overrideKernel('FusedDepthwiseConv2D', backendName, fusedDepthwiseConv2DKernel(stockFusedDepthwise));
  overrideKernel('Identity', backendName, identityKernel);
  overrideKernel('Slice', backendName, sliceKernel(stockSlice));
  overrideKernel('OneHot', backendName, oneHotKernel);
  overrideKernel('Conv2D', backendName, conv2DKernel(stockConv2D));
  return [...COMPOSED_WASM_KERNELS];
}
