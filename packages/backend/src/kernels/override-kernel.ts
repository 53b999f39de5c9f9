import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';

const stockKernels = new Map<string, KernelConfig | undefined>();

/**
 * Registers `kernelFunc` as `kernelName` on `backendName`, replacing what is registered now (TF.js
 * looks kernels up by name at every call, inside gradients and tfjs-layers too). Keeps the
 * replaced kernel's setupFunc so that re-initialising the backend still sets up the wasm
 * functions the replacement may delegate to. Returns the kernel that was registered before.
 */
export function overrideKernel(kernelName: string, backendName: string, kernelFunc: KernelFunc): KernelConfig | undefined {
  const previous = tf.getKernel(kernelName, backendName);
  const key = `${backendName}/${kernelName}`;
  if (!stockKernels.has(key)) stockKernels.set(key, previous);
  if (previous !== undefined) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({
    kernelName,
    backendName,
    kernelFunc,
    ...(previous?.setupFunc !== undefined ? { setupFunc: previous.setupFunc } : {}),
    ...(previous?.disposeFunc !== undefined ? { disposeFunc: previous.disposeFunc } : {}),
  });
  return previous;
}

/** The kernel TF.js itself registered under this name, before any override (undefined if none). */
export function stockKernel(kernelName: string, backendName: string): KernelConfig | undefined {
  const key = `${backendName}/${kernelName}`;
  return stockKernels.has(key) ? stockKernels.get(key) : tf.getKernel(kernelName, backendName);
}
