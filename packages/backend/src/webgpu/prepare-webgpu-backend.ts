import * as tf from '@tensorflow/tfjs-core';
import { bindEmptyTensorsToStandIn, type EmptyBindingBackend } from './bind-empty-tensors.js';
import { installSyncRead, type WebgpuBackendInternals } from './install-sync-read.js';
import { registerWebgpuFixes } from './register-webgpu-fixes.js';

/**
 * Makes the active tfjs-backend-webgpu backend (Dawn in Node) compute what the cpu backend
 * computes: synchronous reads, no CPU forwarding, empty inputs bindable, the kernels in
 * WEBGPU_FIXED_KERNELS replaced. Call after `tf.setBackend('webgpu')` (and after
 * captureDawnEventCallbacks ran before Dawn was created). Returns one line saying what it did.
 */
export function prepareWebgpuBackend(): string {
  if (tf.getBackend() !== 'webgpu') throw new Error(`prepareWebgpuBackend: the active backend is '${tf.getBackend()}', not 'webgpu'`);
  // TF.js runs a small op on the CPU when none of its inputs is on the GPU yet, so the same op gave
  // different bits depending on whether a weight had been used before (seeded samples differed in
  // the last place between a model's first and second call). Everything runs on the GPU instead.
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  const backend = tf.backend() as unknown as WebgpuBackendInternals & EmptyBindingBackend;
  installSyncRead(backend);
  bindEmptyTensorsToStandIn(backend);
  const fixed = registerWebgpuFixes();
  return `synchronous reads through Dawn's event queue; every op on the GPU (no CPU forwarding); empty inputs bound to a stand-in buffer; kernels replaced: ${fixed.join(', ')}`;
}
