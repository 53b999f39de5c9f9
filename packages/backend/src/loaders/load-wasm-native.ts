import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from '../backend-name.js';
import { registerComposedWasmKernels } from '../kernels/composed/register-composed-kernels.js';
import {
  FUSED_CONV2D_GRAD_KERNEL,
  FUSED_CONV2D_KERNEL,
  FUSED_DENSE_GRAD_KERNEL,
  FUSED_DENSE_KERNEL,
  NATIVE_CONV_KERNELS,
  NATIVE_MATMUL_KERNELS,
  NATIVE_WASM_FUSED_KERNELS,
  NATIVE_LAYOUT_KERNELS,
  NATIVE_UNARY_KERNELS,
  NATIVE_BINARY_KERNELS,
  registerNativeWasmKernels,
} from '../kernels/native/register-native-kernels.js';
import { chosenCoreType, loadedAddonFile, loadNativeAddon, type NativeLibraries } from '../native/load-native-addon.js';
import type { LoaderOptions } from './loader.js';
import { prepareWasmBackend } from './prepare-wasm-backend.js';

/** 'OpenBLAS 0.3.21' of 'OpenBLAS 0.3.21 NO_LAPACKE ... (libopenblas.so.0)'. */
/** native/tap-stacked-conv.c's case, on either path. */
const TAP_STACKED = 'stride-1 convolutions to at most 4 channels, and their input gradients from at most 4, as one sgemm over the filter taps';

function shortName(description: string): string {
  return description.split(' ').slice(0, 2).join(' ');
}

/**
 * Whose threads OpenBLAS runs on. Its pthreads build keeps a pool of its own beside libgomp's
 * (oneDNN, the fused kernels), and the two pools' spinning workers fight for the cores: the VAE
 * bench step took 40-46 ms on 2 cores with it and 15-17 ms with the OpenMP build.
 */
function openblasPool(libs: NativeLibraries): string {
  if (libs.sgemm !== 'openblas' || libs.openblas === null) return '';
  if (libs.openblas.includes('USE_OPENMP')) return ' (OpenMP build: the same threads as oneDNN)';
  return libs.openmp ? ' (pthreads build: a second thread pool beside OpenMP\'s; install libopenblas0-openmp to share one, about 2x on matmul-heavy models)' : '';
}

/**
 * The wasm backend with its matmul and convolution kernels run natively in place on the wasm
 * heap (convolutions on oneDNN, matmuls on OpenBLAS), the native fused and memory-bound kernels,
 * and the JS-composed kernels for the rest (depthwise backprops, segment sums, and the cases the
 * native kernels hand back).
 */
export async function loadWasmNative(options: LoaderOptions): Promise<BackendChoice> {
  const addon = loadNativeAddon(); // throws 'native addon not built ...' before any wasm work
  // One thread pool at a time for the heavy kernels: the thread budget goes to the native
  // libraries; XNNPACK keeps only the calling thread. Two pools on the same cores oversubscribe
  // them, since each pool's workers spin for a while after their last job (measured: matmul
  // through TF.js fell from ~55 to ~10 GFLOP/s with 2 XNNPACK + 2 OpenBLAS threads on 2 cores).
  const prepared = await prepareWasmBackend(1);
  addon.setThreads(options.threads);
  const composed = registerComposedWasmKernels();
  const native = registerNativeWasmKernels(addon);
  const libs = addon.libraries();
  const threads = `${options.threads} thread${options.threads === 1 ? '' : 's'}`;
  const sgemm = libs.sgemm === 'openblas' ? `${shortName(libs.openblas!)} sgemm` : `${shortName(libs.onednn!)} sgemm`;
  const file = loadedAddonFile()!;
  const convs = libs.onednnEnabled
    ? `convolutions on ${shortName(libs.onednn!)}, ${threads} (im2col + ${sgemm} for strided one-channel input gradients; ${TAP_STACKED})`
    : `convolutions on im2col + ${sgemm}, ${threads} (oneDNN ${libs.onednn !== null ? 'switched off by GENMODELS_ONEDNN=0' : `not used: ${libs.onednnError}`}; ${TAP_STACKED})`;
  return {
    name: 'wasm-native',
    tfBackend: tf.getBackend(),
    threads: Math.max(prepared.threads, options.threads),
    details: [
      `tfjs-backend-wasm ${prepared.threads > 1 ? 'threaded ' : ''}SIMD build, XNNPACK pool of ${prepared.threads} thread${prepared.threads === 1 ? '' : 's'}`,
      `native addon: ${file.kind} (${file.path})`,
      `${convs}: ${[...NATIVE_CONV_KERNELS, FUSED_CONV2D_KERNEL, FUSED_CONV2D_GRAD_KERNEL].join(', ')}`,
      `matmuls on ${sgemm}, ${threads}${openblasPool(libs)}: ${[...NATIVE_MATMUL_KERNELS, FUSED_DENSE_KERNEL, FUSED_DENSE_GRAD_KERNEL].join(', ')}`,
      `fused and memory-bound native kernels (C, ${libs.openmp ? `${threads} of the OpenMP pool of oneDNN` : '1 thread'}): ${[...NATIVE_LAYOUT_KERNELS, ...NATIVE_UNARY_KERNELS, ...NATIVE_BINARY_KERNELS, ...NATIVE_WASM_FUSED_KERNELS.filter((k) => !k.startsWith(FUSED_CONV2D_KERNEL) && !k.startsWith(FUSED_DENSE_KERNEL))].join(', ')}`,
      `JS-composed kernels on XNNPACK: ${composed.filter((k) => !(native as string[]).includes(k)).join(', ')}`,
      `OpenBLAS: ${libs.openblas ?? `not used: ${libs.openblasError}`}`,
      `oneDNN: ${libs.onednn ?? `not used: ${libs.onednnError}`}`,
      ...(chosenCoreType() !== undefined
        ? [`OPENBLAS_CORETYPE=${chosenCoreType()} set for this AVX-512 CPU (OpenBLAS 0.3.21 would pick AVX2 kernels); set it yourself to override`]
        : []),
    ],
  };
}
