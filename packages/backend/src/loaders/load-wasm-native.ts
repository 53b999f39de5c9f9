import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../backend-name.js';
import { registerComposedWasmKernels } from '../kernels/composed/register-composed-kernels.js';
import { registerNativeWasmKernels } from '../kernels/native/register-native-kernels.js';
import { loadNativeAddon } from '../native/load-native-addon.js';
import type { LoaderOptions } from './loader.js';
import { prepareWasmBackend } from './prepare-wasm-backend.js';

/**
 * The wasm backend with its matmul and convolution kernels run by OpenBLAS in place on the wasm
 * heap, and the JS-composed kernels for the rest (depthwise backprops, segment sums, and the
 * cases the native kernels hand back).
 */
export async function loadWasmNative(options: LoaderOptions): Promise<BackendChoice> {
  const addon = loadNativeAddon(); // throws 'native addon not built ...' before any wasm work
  const prepared = await prepareWasmBackend(options.threads);
  // Kernels run one at a time on the calling thread, so the two pools never compute at once;
  // OpenBLAS gets the same thread budget as XNNPACK (its workers park after a short spin,
  // see load-native-addon.ts), never more.
  addon.setThreads(options.threads);
  const composed = registerComposedWasmKernels();
  const native = registerNativeWasmKernels(addon);
  const blas = addon.blasConfig().split(' ').slice(0, 2).join(' ');
  return {
    name: 'wasm-native',
    tfBackend: tf.getBackend(),
    threads: prepared.threads,
    details: [
      `tfjs-backend-wasm ${prepared.threads > 1 ? 'threaded ' : ''}SIMD build, XNNPACK pool of ${prepared.threads} thread${prepared.threads === 1 ? '' : 's'}`,
      `${blas} native kernels (${addon.getThreads()} thread${addon.getThreads() === 1 ? '' : 's'}): ${native.join(', ')}`,
      `JS-composed kernels on XNNPACK: ${composed.filter((k) => !(native as string[]).includes(k)).join(', ')}`,
      `OpenBLAS build: ${addon.blasConfig()}`,
    ],
  };
}
