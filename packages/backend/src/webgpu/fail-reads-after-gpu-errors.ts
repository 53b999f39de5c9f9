import type { BackendValues, DataId } from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-webgpu's backend (and its GPUDevice) that surfacing GPU errors touches. */
export interface GpuErrorBackend {
  device: { addEventListener(type: 'uncapturederror', listener: (event: { error: { message: string } }) => void): void };
  readSync(dataId: DataId): BackendValues;
  read(dataId: DataId): Promise<BackendValues>;
}

/**
 * Makes the first read after a WebGPU error throw. TF.js never checks for GPU errors: a dispatch
 * the device rejects (a binding larger than `maxStorageBufferBindingSize`, say) drops its whole
 * command buffer, Dawn prints a 'validation:' message, and the tensors it should have written
 * keep stale memory, which training then uses as if it were right. Dawn reports the error to the
 * device's `uncapturederror` listeners while its events are processed, which every read does, so
 * the read that follows (dataSync, data(), a metric) throws with the first error's message; the
 * error is then cleared.
 */
export function failReadsAfterGpuErrors(backend: GpuErrorBackend): void {
  let pending: string | undefined;
  backend.device.addEventListener('uncapturederror', (event) => {
    pending ??= event.error.message.split('\n')[0];
  });
  const check = (): void => {
    if (pending === undefined) return;
    const message = pending;
    pending = undefined;
    throw new Error(`webgpu: the GPU rejected a command, so values computed since are wrong: ${message}`);
  };
  const readSync = backend.readSync.bind(backend);
  const read = backend.read.bind(backend);
  backend.readSync = (dataId) => {
    const values = readSync(dataId);
    check();
    return values;
  };
  backend.read = async (dataId) => {
    const values = await read(dataId);
    check();
    return values;
  };
}
