import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** The wasm backend's heap size in bytes (it only grows). */
function wasmHeapBytes(): number {
  return (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
}

/**
 * Runs `step` once to warm up, then `repetitions` more times on the active wasm backend, and
 * expects neither the tensor count nor the wasm heap to have grown: a training step that leaks
 * nothing and reuses its memory.
 */
export function expectSteadyStep(step: () => void, repetitions = 20): void {
  step();
  const heap = wasmHeapBytes();
  const tensors = tf.memory().numTensors;
  for (let i = 0; i < repetitions; i++) step();
  expect(tf.memory().numTensors).toBe(tensors);
  expect(wasmHeapBytes()).toBe(heap);
}
