import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWasmBackend } from '../../loaders/prepare-wasm-backend.js';
import { defineKernelSuite, defineMemorySuite, expectConvCoverage } from '../../test-utils/kernel-suite.js';
import { registerComposedWasmKernels, COMPOSED_WASM_KERNELS } from './register-composed-kernels.js';

// The JS-composed path: wasm (2 threads) with the composed kernels, against the cpu backend.
beforeAll(async () => {
  const prepared = await prepareWasmBackend(2);
  expect(prepared.threads).toBe(2);
  expect(registerComposedWasmKernels()).toEqual([...COMPOSED_WASM_KERNELS]);
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('the composed-kernel suite', () => {
  it('covers strides 1-3, same and valid, kernel sizes 1-7', () => {
    expectConvCoverage(21);
  });
  it('registers every composed kernel on wasm', () => {
    for (const name of COMPOSED_WASM_KERNELS) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
  });
});

defineKernelSuite('wasm');
defineMemorySuite('wasm');
