import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWasmBackend } from '../../loaders/prepare-wasm-backend.js';
import { countingAddon, tryLoadNativeAddon } from '../../test-utils/native-test-addon.js';
import { defineKernelSuite, defineMemorySuite } from '../../test-utils/kernel-suite.js';
import { registerComposedWasmKernels } from '../composed/register-composed-kernels.js';
import { NATIVE_WASM_FUSED_KERNELS, NATIVE_WASM_KERNELS, registerNativeWasmKernels } from './register-native-kernels.js';

// The native path: wasm (2 threads) + native kernels on views into the wasm heap, against cpu.
// `pnpm test` runs this file twice: convolutions on oneDNN, then with GENMODELS_ONEDNN=0 on
// im2col + OpenBLAS sgemm. CI installs libopenblas-dev and libdnnl-dev, so the addon is built
// there with both; elsewhere this file says why it skips.
const { addon, whyNot } = tryLoadNativeAddon();
const onednnWanted = process.env.GENMODELS_ONEDNN !== '0';
const path = onednnWanted ? 'oneDNN convolutions' : 'im2col + sgemm convolutions (GENMODELS_ONEDNN=0)';

describe.skipIf(addon === undefined)(`native kernels, ${path}${addon === undefined ? ` (skipped: ${whyNot})` : ''}`, () => {
  // Counts the calls that reach the addon, and the convolutions oneDNN ran (conv returns 1 for those).
  const counting = addon === undefined ? undefined : countingAddon(addon, ['sgemm', 'conv']);
  const calls = counting?.calls ?? { sgemm: 0, conv: 0 };
  let onednnConvs = 0;
  beforeAll(async () => {
    const wrapped = { ...counting!.addon };
    wrapped.conv = (...args) => {
      const ran = counting!.addon.conv(...args);
      onednnConvs += ran;
      return ran;
    };
    await prepareWasmBackend(2);
    registerComposedWasmKernels();
    expect(registerNativeWasmKernels(wrapped)).toEqual([...NATIVE_WASM_KERNELS, ...NATIVE_WASM_FUSED_KERNELS]);
    addon!.setThreads(2);
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reports the libraries it found and its thread count', () => {
    const libs = addon!.libraries();
    if (libs.openblas !== null) expect(libs.openblas).toMatch(/^OpenBLAS \d+\.\d+.*\((\/.*\/)?libopenblas/);
    if (libs.onednn !== null) expect(libs.onednn).toMatch(/^oneDNN 2\.\d+\.\d+ \(libdnnl\.so\.2, /);
    // CI installs both libraries: there, a missing one is a failure, not a silent fallback.
    if (process.env.CI) {
      expect(libs.openblas, libs.openblasError ?? '').not.toBeNull();
      // ...and the OpenMP build, which shares oneDNN's threads rather than starting a pool of its own.
      expect(libs.openblas).toContain('USE_OPENMP');
      expect(libs.onednn, libs.onednnError ?? '').not.toBeNull();
    }
    expect(libs.onednnEnabled).toBe(onednnWanted && libs.onednn !== null);
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

  it(`ran the suite natively (sgemm and conv calls counted), convolutions on ${path}`, () => {
    expect(calls.sgemm).toBeGreaterThan(50);
    expect(calls.conv).toBeGreaterThan(100);
    if (addon!.libraries().onednnEnabled) {
      // All but the input gradients of one-channel inputs, which im2col runs (native/genmodels-blas.c).
      expect(onednnConvs).toBeGreaterThan(calls.conv * 0.8);
      expect(addon!.onednnImplementations()).toMatch(/^forward 3x3 s1 .*: \S+/m);
    } else {
      expect(onednnConvs).toBe(0);
    }
  });
});
