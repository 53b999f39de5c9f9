import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/** What the AddN kernel needs from tfjs-backend-webgpu's backend object. */
interface WebgpuBackendLike {
  device: { limits: { maxStorageBuffersPerShaderStage: number } };
  disposeData(dataId: object): void;
}

/**
 * AddN for tfjs-backend-webgpu that respects the device's storage-buffer limit. The stock kernel
 * binds every input and the output in one shader; with more than
 * `maxStorageBuffersPerShaderStage - 1` inputs (7 under WebGPU's default limit of 8, which is what
 * TF.js requests) the pipeline is invalid and the output buffer is left unwritten, so the sum of
 * many gradients (a weight used in eight places) came back as garbage or NaN. This sums groups of
 * at most that many inputs, then the group sums, as a tree.
 */
export function chunkedAddN(stock: KernelConfig): KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as WebgpuBackendLike;
    const inputs = args.inputs as unknown as TensorInfo[];
    const perCall = Math.max(2, backend.device.limits.maxStorageBuffersPerShaderStage - 1);
    if (inputs.length <= perCall) return stock.kernelFunc(args);
    const partialSums: TensorInfo[] = [];
    let level = inputs;
    while (level.length > perCall) {
      const next: TensorInfo[] = [];
      for (let i = 0; i < level.length; i += perCall) {
        const group = level.slice(i, i + perCall);
        if (group.length === 1) {
          next.push(group[0]!);
          continue;
        }
        const sum = stock.kernelFunc({ ...args, inputs: group as unknown as typeof args.inputs }) as TensorInfo;
        partialSums.push(sum);
        next.push(sum);
      }
      level = next;
    }
    const result = stock.kernelFunc({ ...args, inputs: level as unknown as typeof args.inputs });
    for (const sum of partialSums) backend.disposeData(sum.dataId);
    return result;
  };
}
