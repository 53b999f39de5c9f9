import * as tf from '@tensorflow/tfjs-core';
import { loadWebgpu } from '../loaders/load-webgpu.js';

let loaded: Promise<void> | undefined;

/**
 * Registers and prepares the webgpu backend exactly as initBackend does when it is forced (Mesa's
 * lavapipe where there is no GPU; see tooling/scripts/ensure-system-deps.sh), then makes cpu
 * active again so that tests can switch between the two.
 */
export function useWebgpuBackend(): Promise<void> {
  loaded ??= (async () => {
    await loadWebgpu({ explicit: true });
    await tf.setBackend('cpu');
  })();
  return loaded;
}

/** The device of the webgpu backend (after useWebgpuBackend). */
interface GpuDeviceLike {
  addEventListener(type: 'uncapturederror', listener: (event: { error: { message: string } }) => void): void;
  limits: { maxStorageBuffersPerShaderStage: number };
}
export function webgpuDevice(): GpuDeviceLike {
  return (tf.findBackend('webgpu') as unknown as { device: GpuDeviceLike }).device;
}

/**
 * Collects the WebGPU validation errors the device reports from now on (Dawn delivers them
 * asynchronously: await `settle()` before reading). An invalid dispatch makes TF.js drop a whole
 * command buffer silently, so tests check this list as well as the values.
 */
export function collectGpuErrors(): { messages: string[]; settle: () => Promise<void> } {
  const messages: string[] = [];
  webgpuDevice().addEventListener('uncapturederror', (event) => messages.push(event.error.message.split('\n')[0]!));
  return { messages, settle: () => new Promise((resolve) => setTimeout(resolve, 20)) };
}
