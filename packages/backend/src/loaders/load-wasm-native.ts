import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../backend-name.js';
import { registerComposedWasmKernels } from '../kernels/composed/register-composed-kernels.js';
import { registerNativeWasmKernels } from '../kernels/native/register-native-kernels.js';
import { chosenCoreType, loadNativeAddon } from '../native/load-native-addon.js';
import type { LoaderOptions } from './loader.js';
import { prepareWasmBackend } from './prepare-wasm-backend.js';

/**
 * The wasm backend with its matmul and convolution kernels run by OpenBLAS in place on the wasm
 * heap, and the JS-composed kernels for the rest (depthwise backprops, segment sums, and the
 * cases the native kernels hand back).
 */
export async function loadWasmNative(options: LoaderOptions): Promise<BackendChoice> {
  const addon = loadNativeAddon(); // throws 'native addon not built ...' before any wasm work
  // One thread pool at a time: the thread budget goes to OpenBLAS, which runs the heavy kernels;
  // XNNPACK keeps only the calling thread. Two pools on the same cores oversubscribe them,
  // since each pool's workers spin for a while after their last job (measured: matmul through
  // TF.js fell from ~55 to ~10 GFLOP/s with 2 XNNPACK + 2 OpenBLAS threads on 2 cores).
  const prepared = await prepareWasmBackend(1);
  addon.setThreads(options.threads);
  const composed = registerComposedWasmKernels();
  const native = registerNativeWasmKernels(addon);
  const blas = addon.blasConfig().split(' ').slice(0, 2).join(' ');
  return {
    name: 'wasm-native',
    tfBackend: tf.getBackend(),
    threads: Math.max(prepared.threads, addon.getThreads()),
    details: [
      `tfjs-backend-wasm ${prepared.threads > 1 ? 'threaded ' : ''}SIMD build, XNNPACK pool of ${prepared.threads} thread${prepared.threads === 1 ? '' : 's'}`,
      `native kernels (matmul and conv on ${blas}, ${addon.getThreads()} thread${addon.getThreads() === 1 ? '' : 's'}): ${native.join(', ')}`,
      `JS-composed kernels on XNNPACK: ${composed.filter((k) => !(native as string[]).includes(k)).join(', ')}`,
      `OpenBLAS build: ${addon.blasConfig()}`,
      ...(chosenCoreType() !== undefined
        ? [`OPENBLAS_CORETYPE=${chosenCoreType()} set for this AVX-512 CPU (OpenBLAS 0.3.21 would pick AVX2 kernels); set it yourself to override`]
        : []),
    ],
  };
}
