import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../backend-name.js';
import type { LoaderOptions } from './loader.js';
import { prepareWasmBackend } from './prepare-wasm-backend.js';

/** tfjs-backend-wasm (XNNPACK, SIMD), with the threaded build when more than one thread is asked for. */
export async function loadWasm(options: LoaderOptions): Promise<BackendChoice> {
  const prepared = await prepareWasmBackend(options.threads);
  return {
    name: 'wasm',
    tfBackend: tf.getBackend(),
    threads: prepared.threads,
    details: [`tfjs-backend-wasm ${prepared.threads > 1 ? 'threaded ' : ''}SIMD build, XNNPACK pool of ${prepared.threads} thread(s)`],
  };
}
