/** Memory figures of this process, printed next to the PyTorch side's. */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';

/** Peak resident set size so far in MiB: VmHWM from /proc/self/status, else Node's maxRSS. */
export function peakRssMiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * Size of the wasm heap in MiB when the active backend is wasm (it grows and never shrinks, so
 * this is its peak; it cannot pass 4 GiB), else null.
 */
export function wasmHeapMiB(): number | null {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  const heap = backend.wasm?.HEAPU8;
  return heap ? heap.buffer.byteLength / 2 ** 20 : null;
}
