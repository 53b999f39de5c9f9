import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BACKEND_NAMES } from './backend-name.js';
import { initBackend } from './init-backend.js';

describe('initBackend', () => {
  afterEach(() => {
    delete process.env.GENMODELS_BACKEND;
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('rejects an unknown GENMODELS_BACKEND, naming the valid names', async () => {
    process.env.GENMODELS_BACKEND = 'tpu';
    await expect(initBackend()).rejects.toThrow(/GENMODELS_BACKEND="tpu".*valid names: tfjs-node-gpu, tfjs-node, webgpu, wasm-native, wasm, cpu/);
  });

  it('rejects a forced backend that cannot load, with the reason', async () => {
    process.env.GENMODELS_BACKEND = 'tfjs-node';
    await expect(initBackend()).rejects.toThrow(/GENMODELS_BACKEND=tfjs-node cannot load: @tensorflow\/tfjs-node is not installed/);
  });

  it('rejects a bad thread count', async () => {
    await expect(initBackend({ threads: 0 })).rejects.toThrow(/threads must be a positive integer/);
  });

  it('loads the preferred wasm path with 2 threads, then returns the same report', async () => {
    const report = await initBackend({ prefer: 'wasm', threads: 2 });
    expect(report.name).toBe('wasm');
    expect(report.tfBackend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.threads).toBe(2);
    expect(report.skipped).toEqual([]);
    expect(await initBackend({ prefer: 'cpu' })).toBe(report);
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])));
    expect(Array.from(await y.data())).toEqual([19, 22, 43, 50]);
    y.dispose();
  });

  it('lists the names fastest first', () => {
    expect(BACKEND_NAMES).toEqual(['tfjs-node-gpu', 'tfjs-node', 'webgpu', 'wasm-native', 'wasm', 'cpu']);
  });
});
