import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWasmBackend } from '../../loaders/prepare-wasm-backend.js';
import { countingAddon, tryLoadNativeAddon } from '../../test-utils/native-test-addon.js';
import { defineKernelSuite, defineMemorySuite } from '../../test-utils/kernel-suite.js';
import { registerComposedWasmKernels } from '../composed/register-composed-kernels.js';
import { NATIVE_WASM_FUSED_KERNELS, NATIVE_WASM_KERNELS, registerNativeWasmKernels } from './register-native-kernels.js';

// The native path: wasm (2 threads) + OpenBLAS kernels on views into the wasm heap, against cpu.
// CI installs libopenblas-dev, so the addon is built there; elsewhere this file says why it skips.
const { addon, whyNot } = tryLoadNativeAddon();

describe.skipIf(addon === undefined)(`native OpenBLAS kernels${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  // Counts the calls that reach OpenBLAS, to show that the suite below exercised this path.
  const counting = addon === undefined ? undefined : countingAddon(addon, ['sgemm', 'conv']);
  const calls = counting?.calls ?? { sgemm: 0, conv: 0 };
  beforeAll(async () => {
    await prepareWasmBackend(2);
    registerComposedWasmKernels();
    expect(registerNativeWasmKernels(counting!.addon)).toEqual([...NATIVE_WASM_KERNELS, ...NATIVE_WASM_FUSED_KERNELS]);
    addon!.setThreads(2);
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reports its OpenBLAS build and thread count', () => {
    expect(addon!.blasConfig()).toMatch(/^OpenBLAS \d+\.\d+/);
    expect(addon!.getThreads()).toBe(2);
  });

  it('rejects arrays too small for the stated dimensions instead of writing past them', () => {
    const small = new Float32Array(3);
    expect(() => addon!.sgemm(false, false, 1, 2, 2, 2, small, 0, small, 0, small, null, 0, 0)).toThrow(/do not fit/);
    expect(() => addon!.conv(0, new Int32Array(15).fill(1), small, small, new Float32Array(0), null, 0, 0)).toThrow(/does not fit/);
  });

  it('a 2-D sgemm equals a hand computation', () => {
    const c = new Float32Array(4);
    addon!.sgemm(false, true, 1, 2, 2, 3, new Float32Array([1, 2, 3, 4, 5, 6]), 0, new Float32Array([1, 0, 1, 0, 1, 0]), 0, c, new Float32Array([10, 20]), 1, 0);
    expect(Array.from(c)).toEqual([1 + 3 + 10, 2 + 20, 4 + 6 + 10, 5 + 20]);
  });

  defineKernelSuite('wasm');
  defineMemorySuite('wasm');

  it('ran the suite on OpenBLAS (sgemm and conv calls counted)', () => {
    expect(calls.sgemm).toBeGreaterThan(50);
    expect(calls.conv).toBeGreaterThan(100);
  });
});
