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
  it('Identity shares the data instead of copying it; either tensor outlives the other', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const ids = backend.numDataIds();
    const y = tf.clone(x); // runs Identity
    expect(backend.numDataIds()).toBe(ids);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4]);
    const z = tf.clone(y);
    y.dispose();
    expect(Array.from(await z.data())).toEqual([1, 2, 3, 4]);
    z.dispose();
    expect(backend.numDataIds()).toBe(ids - 1);
    await tf.setBackend('cpu');
  });

  it('registers every composed kernel on wasm', () => {
    for (const name of COMPOSED_WASM_KERNELS) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
  });
});

defineKernelSuite('wasm');
defineMemorySuite('wasm');
