import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Identity without a copy: the output shares the input's data, with the backend's reference count
 * raised (as the stock Reshape kernel and the cpu backend's Identity do). The stock wasm kernel
 * copies every element, and autodiff emits Identity for every gradient that passes through an add
 * or a split unchanged: about 300 full-size copies per RealNVP training step (~3% of it on wasm-native).
 * Tensors are immutable and variables swap their data on assign, so sharing is safe.
 */
export const identityKernel: KernelFunc = ({ inputs, backend }) => {
  const x = inputs.x!;
  if (x.dtype === 'string') throw new Error('Identity: string tensors are not supported on wasm');
  (backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype } as TensorInfo;
};
