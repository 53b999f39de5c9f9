import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../backend-name.js';
import { loadNativeAddon } from '../native/load-native-addon.js';
import type { LoaderOptions } from './loader.js';
import { prepareWasmBackend } from './prepare-wasm-backend.js';

/** The wasm backend with its matmul and convolution kernels replaced by the OpenBLAS addon. */
export async function loadWasmNative(options: LoaderOptions): Promise<BackendChoice> {
  const addon = loadNativeAddon(); // throws 'native addon not built ...' before any wasm work
  const prepared = await prepareWasmBackend(options.threads);
  return {
    name: 'wasm-native',
    tfBackend: tf.getBackend(),
    threads: prepared.threads,
    details: [`${addon.blasConfig()}`],
  };
}
