import * as tf from '@tensorflow/tfjs-core';
import type { BackendValues, DataId, DataType } from '@tensorflow/tfjs-core';
import { pumpDawnEvents } from './dawn-event-pump.js';

/** The parts of a GPUBuffer this file touches (no @webgpu/types in this package). */
interface GpuBufferLike {
  readonly size: number;
  readonly mapState: 'unmapped' | 'pending' | 'mapped';
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
}

interface WebgpuTensorData {
  dtype: DataType;
  values: BackendValues | null;
  resource?: GpuBufferLike | object | null;
}

/** The fields of tfjs-backend-webgpu 4.22's WebGPUBackend that a synchronous read needs. */
export interface WebgpuBackendInternals {
  tensorMap: { get(dataId: DataId): WebgpuTensorData | undefined };
  bufferManager: { acquireBuffer(size: number, usage: number): GpuBufferLike; releaseBuffer(buffer: GpuBufferLike): void };
  commandEncoder: { copyBufferToBuffer(src: GpuBufferLike, srcOffset: number, dst: GpuBufferLike, dstOffset: number, size: number): void };
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  convertAndCacheOnCPU(dataId: DataId, values: BackendValues): BackendValues;
  readSync(dataId: DataId): BackendValues;
}

/** How long a synchronous read waits for the GPU before it gives up. */
const READ_TIMEOUT_MS = 120_000;
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function isGpuBuffer(resource: unknown): resource is GpuBufferLike {
  return typeof resource === 'object' && resource !== null && typeof (resource as GpuBufferLike).mapAsync === 'function';
}

function gpuConstant(group: 'GPUBufferUsage' | 'GPUMapMode', name: string): number {
  const value = (globalThis as unknown as Record<string, Record<string, number> | undefined>)[group]?.[name];
  if (typeof value !== 'number') throw new Error(`${group}.${name} is not defined: load the webgpu package's globals first`);
  return value;
}

/**
 * Copies `buffer` into a mappable staging buffer and maps it, running Dawn's event processing
 * in place until the mapping completes, so that the bytes come back without returning to the
 * event loop. Between polls the thread sleeps 50 us (Atomics.wait) rather than spin.
 */
function readBufferSync(backend: WebgpuBackendInternals, buffer: GpuBufferLike): ArrayBuffer {
  const size = buffer.size;
  const staging = backend.bufferManager.acquireBuffer(size, gpuConstant('GPUBufferUsage', 'COPY_DST') | gpuConstant('GPUBufferUsage', 'MAP_READ'));
  try {
    backend.ensureCommandEncoderReady();
    backend.endComputePassEncoder();
    backend.commandEncoder.copyBufferToBuffer(buffer, 0, staging, 0, size);
    backend.submitQueue();
    let failure: unknown;
    staging.mapAsync(gpuConstant('GPUMapMode', 'READ')).catch((error: unknown) => {
      failure = error;
    });
    const deadline = performance.now() + READ_TIMEOUT_MS;
    for (let polls = 0; staging.mapState !== 'mapped'; polls++) {
      if (staging.mapState === 'unmapped' || failure !== undefined) {
        throw new Error(`webgpu: mapping a staging buffer for a synchronous read failed${failure instanceof Error ? `: ${failure.message}` : ''}`);
      }
      if (!pumpDawnEvents()) {
        throw new Error('webgpu: no Dawn event callback to run for a synchronous read (the webgpu backend was not set up by @genmodels/backend); use await tensor.data()');
      }
      if (polls > 16) Atomics.wait(sleepCell, 0, 0, 0.05);
      if (performance.now() > deadline) throw new Error(`webgpu: the GPU did not finish within ${READ_TIMEOUT_MS / 1000} s of a synchronous read`);
    }
    return staging.getMappedRange().slice(0);
  } finally {
    if (staging.mapState !== 'unmapped') staging.unmap(); // a pending mapping is aborted
    backend.bufferManager.releaseBuffer(staging);
  }
}

/**
 * Gives tfjs-backend-webgpu a synchronous read in Node (`dataSync`, `arraySync`, `bufferSync`).
 * Its own `readSync` goes through OffscreenCanvas, which Node lacks, so every synchronous read
 * on webgpu threw `OffscreenCanvas is not defined`. This one maps a staging buffer and drives
 * Dawn's events itself (see captureDawnEventCallbacks). Values already on the CPU, strings and
 * complex tensors (whose parts come back through this method) keep the stock path.
 */
export function installSyncRead(backend: WebgpuBackendInternals): void {
  const stockReadSync = backend.readSync.bind(backend);
  backend.readSync = (dataId: DataId): BackendValues => {
    const data = backend.tensorMap.get(dataId);
    if (data === undefined) throw new Error(`webgpu: tensor data ${String((dataId as { id?: number }).id)} is not registered`);
    if (data.values != null || data.dtype === 'string' || data.dtype === 'complex64' || !isGpuBuffer(data.resource)) {
      return stockReadSync(dataId);
    }
    const bytes = readBufferSync(backend, data.resource);
    return backend.convertAndCacheOnCPU(dataId, tf.util.convertBackendValuesAndArrayBuffer(bytes, data.dtype));
  };
}
