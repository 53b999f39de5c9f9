import { depthwiseConv2dBackpropFilterKernel } from '../kernels/composed/depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dBackpropInputKernel } from '../kernels/composed/depthwise-conv2d-backprop-input.js';
import { unsortedSegmentSumKernel } from '../kernels/composed/unsorted-segment-sum.js';
import { overrideKernel, stockKernel } from '../kernels/override-kernel.js';
import { broadcastingMatMul } from './broadcasting-mat-mul.js';
import { chunkedAddN } from './chunked-add-n.js';
import { dilatedDepthwiseBackprop } from './dilated-depthwise-backprop.js';

/** Kernels of tfjs-backend-webgpu 4.22 this package replaces because they fail or compute wrong results. */
export const WEBGPU_FIXED_KERNELS = [
  'AddN',
  'BatchMatMul',
  '_FusedMatMul',
  'DepthwiseConv2dNativeBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  'UnsortedSegmentSum',
] as const;

/**
 * Installs the corrected webgpu kernels (idempotent). UnsortedSegmentSum (the gradient of gather,
 * i.e. of every embedding lookup) gave wrong sums on webgpu, so it is always the composed
 * oneHot(ids)^T x matmul. Returns the kernel names installed.
 */
export function registerWebgpuFixes(backendName = 'webgpu'): string[] {
  const stock = (name: string) => {
    const kernel = stockKernel(name, backendName);
    if (kernel === undefined) throw new Error(`backend '${backendName}' has no ${name} kernel to fix; is tfjs-backend-webgpu loaded?`);
    return kernel;
  };
  overrideKernel('AddN', backendName, chunkedAddN(stock('AddN')));
  overrideKernel('BatchMatMul', backendName, broadcastingMatMul(stock('BatchMatMul')));
  overrideKernel('_FusedMatMul', backendName, broadcastingMatMul(stock('_FusedMatMul')));
  overrideKernel(
    'DepthwiseConv2dNativeBackpropInput',
    backendName,
    dilatedDepthwiseBackprop(stock('DepthwiseConv2dNativeBackpropInput'), depthwiseConv2dBackpropInputKernel),
  );
  overrideKernel(
    'DepthwiseConv2dNativeBackpropFilter',
    backendName,
    dilatedDepthwiseBackprop(stock('DepthwiseConv2dNativeBackpropFilter'), depthwiseConv2dBackpropFilterKernel),
  );
  overrideKernel('UnsortedSegmentSum', backendName, unsortedSegmentSumKernel);
  return [...WEBGPU_FIXED_KERNELS];
}
