import { overrideKernel, stockKernel } from '../override-kernel.js';
import { perExampleResizeNearestNeighborGrad } from './resize-nearest-neighbor-grad.js';

/** Kernels of tfjs-backend-cpu this package replaces because they compute wrong results. */
export const CPU_FIXED_KERNELS = ['ResizeNearestNeighborGrad'] as const;

/** Installs the corrected cpu kernels (idempotent). Returns the kernel names installed. */
export function registerCpuFixes(backendName = 'cpu'): string[] {
  const stock = stockKernel('ResizeNearestNeighborGrad', backendName);
  if (stock === undefined) {
    throw new Error(`backend '${backendName}' has no ResizeNearestNeighborGrad kernel to fix; is tfjs-backend-cpu loaded?`);
  }
  overrideKernel('ResizeNearestNeighborGrad', backendName, perExampleResizeNearestNeighborGrad(stock));
  return [...CPU_FIXED_KERNELS];
}
