import * as tf from '@tensorflow/tfjs-core';
import { createWasmModule } from './create-wasm-module.js';

/** The wasm backend now active in the engine, and how many threads its XNNPACK pool runs. */
export interface PreparedWasm {
  threads: number;
  simd: boolean;
}

/**
 * Makes tfjs-backend-wasm the active backend, instantiated from real files so that the threaded
 * SIMD build works in Node (see `createWasmModule`). Replaces the stock 'wasm' registration, whose
 * Node code path always runs single-threaded.
 */
export function prepareWasmBackend(threads: number): Promise<PreparedWasm> {
  // Once per process: a failed wasm-native attempt must not instantiate a second module (and a
  // second pool of worker threads) for the plain wasm path that follows it.
  prepared ??= instantiate(threads);
  return prepared;
}

let prepared: Promise<PreparedWasm> | undefined;

async function instantiate(threads: number): Promise<PreparedWasm> {
  const wasmPackage = await import('@tensorflow/tfjs-backend-wasm');
  const wasm = await createWasmModule(threads);
  wasmPackage.setThreadsCount(threads);
  const backend = new wasmPackage.BackendWasm(wasm as unknown as ConstructorParameters<typeof wasmPackage.BackendWasm>[0]);
  if (tf.findBackendFactory('wasm') !== null) tf.removeBackend('wasm');
  tf.registerBackend('wasm', () => backend, 2);
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialise');
  // Emscripten keeps pool threads referenced; they must not keep the process alive on exit.
  for (const worker of [...(wasm.PThread?.runningWorkers ?? []), ...(wasm.PThread?.unusedWorkers ?? [])]) {
    worker.unref();
  }
  return { threads: wasmPackage.getThreadsCount(), simd: true };
}
