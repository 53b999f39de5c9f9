import * as tf from '@tensorflow/tfjs-core';
import { registerComposedWasmKernels } from '../kernels/composed/register-composed-kernels.js';
import type { BrowserBackendChoice } from './browser-backend-name.js';
import { pageGlobals } from './page-globals.js';

/** The three binaries of tfjs-backend-wasm, by the file names it asks for. */
export type WasmBinaryName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

/**
 * Where the page serves tfjs-backend-wasm's binaries: a URL prefix ending in '/', or one URL per
 * binary. With Vite: `import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'`
 * (and the other two), which also fingerprints and emits them in `vite build`.
 */
export type WasmPaths = string | Record<WasmBinaryName, string>;

export interface BrowserWasmOptions {
  wasmPaths?: WasmPaths;
  /** Threads when the page is cross-origin isolated; default navigator.hardwareConcurrency. */
  threads?: number;
}

let pending: Promise<BrowserBackendChoice> | undefined;

/**
 * tfjs-backend-wasm (XNNPACK, SIMD) with the training kernels this package composes for it. The
 * threaded build (SharedArrayBuffer) runs only in a cross-origin isolated page, i.e. one served
 * with `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`;
 * elsewhere it runs on the page's thread, and the details say why.
 */
export function loadBrowserWasm(options: BrowserWasmOptions): Promise<BrowserBackendChoice> {
  // The wasm module can be instantiated once per page: a retry returns the same outcome.
  pending ??= instantiate(options);
  return pending;
}

async function instantiate(options: BrowserWasmOptions): Promise<BrowserBackendChoice> {
  const page = pageGlobals();
  const isolated = page.crossOriginIsolated === true && page.SharedArrayBuffer !== undefined;
  const wanted = isolated ? (options.threads ?? page.navigator?.hardwareConcurrency ?? 1) : 1;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (options.wasmPaths !== undefined) wasm.setWasmPaths(options.wasmPaths);
  wasm.setThreadsCount(wanted);
  if (!(await tf.setBackend('wasm'))) {
    throw new Error(
      options.wasmPaths === undefined
        ? 'the wasm backend failed to initialise: its .wasm binaries were not found next to the script; pass wasmPaths'
        : `the wasm backend failed to initialise from wasmPaths ${JSON.stringify(options.wasmPaths)}`,
    );
  }
  const kernels = registerComposedWasmKernels();
  const threads = wasm.getThreadsCount();
  return {
    name: 'wasm',
    tfBackend: tf.getBackend(),
    threads,
    details: [
      threads > 1
        ? `tfjs-backend-wasm threaded SIMD build, XNNPACK pool of ${threads} threads (the page is cross-origin isolated)`
        : isolated
          ? 'tfjs-backend-wasm on 1 thread'
          : 'tfjs-backend-wasm on the page thread only: the page is not cross-origin isolated (serve it with COOP same-origin and COEP require-corp for threads)',
      `JS-composed kernels on XNNPACK: ${kernels.join(', ')}`,
    ],
  };
}
