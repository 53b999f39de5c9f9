import { beforeAll, describe, expect } from 'vitest';
import { defineKernelSuite, defineTrainingStepSuite } from '../test-utils/kernel-suite.js';
import { collectGpuErrors, useWebgpuBackend } from '../test-utils/webgpu-test-backend.js';

// The backend's kernel suite (convolutions, depthwise, matmul, segment sums, an Adam step of a conv
// net; values and gradients) on TF.js's webgpu backend against the cpu backend, same tolerance.
describe('kernel suite on webgpu', () => {
  let gpuErrors: ReturnType<typeof collectGpuErrors>;
  beforeAll(async () => {
    await useWebgpuBackend();
    gpuErrors = collectGpuErrors();
    return async () => {
      await gpuErrors.settle();
      expect(gpuErrors.messages, 'WebGPU validation errors').toEqual([]);
    };
  });
  defineKernelSuite('webgpu');
  defineTrainingStepSuite('webgpu');
});
