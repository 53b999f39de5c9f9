import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { NATIVE_ADDON_CANDIDATES } from '../native/load-native-addon.js';
import { defineMemorySuite, defineTrainingStepSuite } from '../test-utils/kernel-suite.js';


// What `genmodels info` reports on this machine: no tfjs-node, no GPU, so wasm with the native
// OpenBLAS kernels when the addon is built, else the JS-composed wasm path with the reason.
describe('initBackend with nothing forced', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('picks the fastest path that loads and says why each faster one was skipped', async () => {
    delete process.env.GENMODELS_BACKEND;
    const report = await initBackend({ threads: 2 });
    const skipped = Object.fromEntries(report.skipped.map((s) => [s.name, s.reason]));
    expect(skipped['tfjs-node-gpu']).toMatch(/not installed|failed to load/);
    expect(skipped['tfjs-node']).toMatch(/not installed|failed to load/);
    expect(skipped.webgpu).toMatch(/no adapter|not installed|failed/);
    expect(report.tfBackend).toBe('wasm');
    expect(report.threads).toBe(2);
    if (NATIVE_ADDON_CANDIDATES.some((c) => existsSync(c.path))) {
      expect(report.name).toBe('wasm-native');
      const details = report.details.join('\n');
      expect(details).toMatch(/XNNPACK pool of 1 thread/);
      expect(details).toMatch(/^native addon: (source build|prebuilt) \(/m);
      // Which library runs which kernel.
      expect(details).toMatch(/^convolutions on (oneDNN 2\.\d+\.\d+|im2col \+ \S+ \S+ sgemm), 2 threads.*: Conv2D, FusedConv2D, Conv2DBackpropInput, Conv2DBackpropFilter, GenmodelsConv2D, GenmodelsConv2DGrad$/m);
      expect(details).toMatch(/^matmuls on (OpenBLAS|oneDNN) \S+ sgemm, 2 threads( \([^)]*\))?: BatchMatMul, _FusedMatMul, GenmodelsDense, GenmodelsDenseGrad$/m);
      expect(details).toMatch(/^fused and memory-bound native kernels \(C, (1 thread|2 threads of the OpenMP pool of oneDNN)\): SplitV, .*GenmodelsGroupNorm/m);
    } else {
      expect(report.name).toBe('wasm');
      expect(skipped['wasm-native']).toMatch(/native addon not built/);
    }
    const y = tf.tidy(() => tf.conv2d(tf.ones([1, 3, 3, 1]) as tf.Tensor4D, tf.ones([2, 2, 1, 1]) as tf.Tensor4D, 1, 'valid'));
    expect(Array.from(await y.data())).toEqual([4, 4, 4, 4]);
    y.dispose();
  });

  // The path exactly as initBackend prepared it (on wasm-native: XNNPACK 1 thread, OpenBLAS 2).
  defineTrainingStepSuite('wasm');
  defineMemorySuite('wasm');
});
