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

  it.each([
    { shape: [64, 14, 14, 8], begin: [0, 0, 0, 0], size: [1, 1, 1, 1] }, // contiguous: one element
    { shape: [6, 10], begin: [2, 0], size: [3, -1] }, // contiguous rows
    { shape: [6, 10], begin: [1, 3], size: [4, 5] }, // a window
    { shape: [4, 5, 6, 7], begin: [1, 2, 0, 0], size: [2, 3, -1, -1] }, // runs of full trailing axes
    { shape: [4, 5, 6, 7], begin: [0, 1, 2, 3], size: [-1, 2, 3, 4] },
    { shape: [2, 3, 4, 5, 6], begin: [1, 0, 1, 2, 3], size: [1, 3, 2, 2, 3] }, // rank 5 (the stock kernel's generic path)
    { shape: [9], begin: [4], size: [0] }, // empty
    { shape: [7], begin: [6], size: [1] },
  ])('Slice reads the heap in place and matches cpu for float32, int32 and bool: %o', async ({ shape, begin, size }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const run = () => {
      const x = tf.tensor(Float32Array.from({ length: n }, (_, i) => i * 0.5 - 7), shape);
      return [tf.slice(x, begin, size), tf.slice(tf.cast(x, 'int32'), begin, size), tf.slice(tf.greater(x, 0), begin, size)];
    };
    const expected = tf.tidy(run);
    await tf.setBackend('wasm');
    // The stock kernel copies its whole input out of the heap with readSync before slicing.
    const backend = tf.backend() as unknown as { readSync: (...args: unknown[]) => unknown };
    const readSync = backend.readSync;
    let reads = 0;
    backend.readSync = (...args: unknown[]) => {
      reads++;
      return readSync.apply(backend, args);
    };
    let actual: tf.Tensor[];
    try {
      actual = tf.tidy(run);
    } finally {
      backend.readSync = readSync;
    }
    expect(reads).toBe(0);
    for (let i = 0; i < 3; i++) {
      expect(actual[i]!.dtype).toBe(expected[i]!.dtype);
      expect(actual[i]!.shape).toEqual(expected[i]!.shape);
      expect(Array.from(await actual[i]!.data())).toEqual(Array.from(await expected[i]!.data()));
    }
    tf.dispose(actual);
    await tf.setBackend('cpu');
    tf.dispose(expected);
  });

  it('OneHot writes the dtype asked for (the stock wasm kernel wrote int32 bits into float32 outputs) and matches cpu', async () => {
    const run = () => {
      const indices = tf.tensor2d([0, 3, -1, 7, 2, 1], [2, 3], 'int32'); // -1 and 7 are out of range: rows of offValue
      return [tf.oneHot(indices, 4, 1, 0, 'float32'), tf.oneHot(indices, 4, 0.9, 0.1, 'float32'), tf.oneHot(indices, 4, 5, -2, 'int32'), tf.oneHot(tf.tensor1d([], 'int32'), 3)];
    };
    const expected = tf.tidy(run);
    await tf.setBackend('wasm');
    const actual = tf.tidy(run);
    for (let i = 0; i < expected.length; i++) {
      expect(actual[i]!.dtype).toBe(expected[i]!.dtype);
      expect(actual[i]!.shape).toEqual(expected[i]!.shape);
      expect(Array.from(await actual[i]!.data())).toEqual(Array.from(await expected[i]!.data()));
    }
    expect(Array.from(await actual[0]!.data()).slice(0, 4)).toEqual([1, 0, 0, 0]);
    tf.dispose(actual);
    await tf.setBackend('cpu');
    tf.dispose(expected);
  });

  it('Conv2D of an empty input with padding that leaves a non-empty output gives zeros, as on cpu (the stock wasm kernel left it uninitialised)', async () => {
    // A masked conv cropped to no rows: x [2, 0, 5, 3], one kernel row, padding one row above.
    const run = () => [tf.conv2d(tf.zeros([2, 0, 5, 3]) as tf.Tensor4D, tf.ones([1, 3, 3, 4]) as tf.Tensor4D, 1, [[0, 0], [1, 0], [1, 1], [0, 0]])];
    const [expected] = tf.tidy(run);
    await tf.setBackend('wasm');
    tf.dispose(tf.fill([64, 1024], 7)); // leave non-zero bytes in the heap the output may reuse
    const [actual] = tf.tidy(run);
    expect(actual!.shape).toEqual([2, 1, 5, 4]);
    expect(Array.from(await actual!.data())).toEqual(Array.from(await expected!.data()));
    actual!.dispose();
    await tf.setBackend('cpu');
    expected!.dispose();
  });

  it('registers every composed kernel on wasm', () => {
    for (const name of COMPOSED_WASM_KERNELS) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
  });
});

defineKernelSuite('wasm');
defineMemorySuite('wasm');
