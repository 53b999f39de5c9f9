/**
 * How much memory a computation may use on the TF.js backend in use, asked of the engine (never of
 * a backend package: libraries import none).
 *
 * - wasm: the heap is a 32-bit address space, 4 GiB at most, shared by every live tensor and by
 *   the intermediates of the call. When an allocation does not fit, tfjs-backend-wasm 4.22 gets a
 *   null pointer back and either fails with "memory access out of bounds" or silently writes over
 *   other tensors, so a call must be sized before it runs.
 * - webgpu: the device's maxStorageBufferBindingSize bounds one tensor.
 * - webgl: one tensor is at most a MAX_TEXTURE_SIZE^2 RGBA float texture.
 * - cpu, tensorflow (tfjs-node) and the GPUs' totals: the engine cannot see the machine's or the
 *   device's memory, so the total is assumed to be 4 GiB unless the caller says otherwise
 *   (`totalBytes`, e.g. from the host's free memory in an app).
 *
 * Only `fraction` (default 1/2) of what is free is offered, for allocator fragmentation and for
 * the kernels' own scratch space, which the engine does not count.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface MemoryBudget {
  /** Bytes a computation may allocate on top of the tensors alive now. */
  readonly workingSetBytes: number;
  /** The largest single tensor the backend can hold, in bytes. */
  readonly maxTensorBytes: number;
  /** Where the figures come from, for messages, e.g. 'wasm heap of 4096 MiB, 31 MiB in use'. */
  readonly source: string;
}

export interface MemoryBudgetOptions {
  /** The memory the backend may use in all, in bytes (default: the backend's limit, or 4 GiB where the engine cannot tell). */
  totalBytes?: number;
  /** Share of the free memory offered to one computation, in (0, 1] (default 0.5). */
  fraction?: number;
}

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
/** The wasm32 address space: 65 536 pages of 64 KiB. */
const WASM_HEAP_BYTES = 4 * GIB;
/** Heap the wasm module keeps for itself (stack, static data, XNNPACK caches). */
const WASM_RESERVED_BYTES = 64 * MIB;
const DEFAULT_TOTAL_BYTES = 4 * GIB;
/** V8 typed arrays hold at most 2^32 elements. */
const CPU_MAX_TENSOR_BYTES = 2 ** 32 * 4;

interface WebGPULimits {
  maxStorageBufferBindingSize?: number;
  maxBufferSize?: number;
}

/** The memory budget of the active backend (see the module comment for what is known per backend). */
export function backendMemoryBudget(options: MemoryBudgetOptions = {}): MemoryBudget {
  const fraction = options.fraction ?? 0.5;
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`backendMemoryBudget: fraction must be in (0, 1], got ${fraction}`);
  if (options.totalBytes !== undefined && !(Number.isFinite(options.totalBytes) && options.totalBytes > 0)) {
    throw new RangeError(`backendMemoryBudget: totalBytes must be a positive number of bytes, got ${options.totalBytes}`);
  }
  const name = tf.getBackend();
  const inUse = tf.memory().numBytes;
  const mib = (bytes: number) => `${Math.round(bytes / MIB)} MiB`;
  const offer = (total: number, reserved: number) => Math.max(0, (total - reserved - inUse) * fraction);

  if (name === 'wasm') {
    const total = Math.min(options.totalBytes ?? WASM_HEAP_BYTES, WASM_HEAP_BYTES);
    const workingSetBytes = offer(total, WASM_RESERVED_BYTES);
    return { workingSetBytes, maxTensorBytes: workingSetBytes, source: `wasm heap of ${mib(total)}, ${mib(inUse)} in use` };
  }
  const total = options.totalBytes ?? DEFAULT_TOTAL_BYTES;
  const assumed = options.totalBytes === undefined ? ' (assumed: the engine cannot see the device memory)' : '';
  const workingSetBytes = offer(total, 0);
  if (name === 'webgpu') {
    const limits = (tf.backend() as unknown as { device?: { limits?: WebGPULimits } }).device?.limits ?? {};
    const perBuffer = Math.min(limits.maxStorageBufferBindingSize ?? 128 * MIB, limits.maxBufferSize ?? Infinity);
    return {
      workingSetBytes,
      maxTensorBytes: Math.min(perBuffer, workingSetBytes),
      source: `webgpu, ${mib(total)}${assumed}, buffers up to ${mib(perBuffer)}, ${mib(inUse)} in use`,
    };
  }
  if (name === 'webgl') {
    const size = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
    const perTexture = size * size * 4 * 4;
    return {
      workingSetBytes,
      maxTensorBytes: Math.min(perTexture, workingSetBytes),
      source: `webgl, ${mib(total)}${assumed}, textures up to ${size}x${size}, ${mib(inUse)} in use`,
    };
  }
  return {
    workingSetBytes,
    maxTensorBytes: Math.min(CPU_MAX_TENSOR_BYTES, workingSetBytes),
    source: `${name}, ${mib(total)}${assumed}, ${mib(inUse)} in use`,
  };
}
