import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../backend-name.js';
import { registerComposedWasmKernels } from '../kernels/composed/register-composed-kernels.js';
import type { LoaderOptions } from './loader.js';
import { prepareWasmBackend } from './prepare-wasm-backend.js';

/**
 * tfjs-backend-wasm (XNNPACK, SIMD; the threaded build when more than one thread is asked for),
 * with the missing and slow training kernels composed from its fast ones.
 */
export async function loadWasm(options: LoaderOptions): Promise<BackendChoice> {
  const prepared = await prepareWasmBackend(options.threads);
  const kernels = registerComposedWasmKernels();
  return {
    name: 'wasm',
    tfBackend: tf.getBackend(),
    threads: prepared.threads,
    details: [
      `tfjs-backend-wasm ${prepared.threads > 1 ? 'threaded ' : ''}SIMD build, XNNPACK pool of ${prepared.threads} thread${prepared.threads === 1 ? '' : 's'}`,
      `JS-composed kernels on XNNPACK: ${kernels.join(', ')}`,
    ],
  };
}
