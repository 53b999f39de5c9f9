import * as tf from '@tensorflow/tfjs-core';
import type { BrowserBackendChoice } from './browser-backend-name.js';
import { pageGlobals } from './page-globals.js';

/**
 * TF.js's WebGPU backend on the browser's `navigator.gpu`. The adapter is asked for first, so that
 * a browser without WebGPU (or with the GPU disabled) is skipped with the reason, and
 * `@tensorflow/tfjs-backend-webgpu` (which registers itself only where `navigator.gpu` exists) is
 * loaded only when it can work. A fallback (software) adapter is refused: wasm is faster.
 */
export async function loadBrowserWebgpu(): Promise<BrowserBackendChoice> {
  const page = pageGlobals();
  const gpu = page.navigator?.gpu;
  if (gpu === undefined) {
    throw new Error(
      page.isSecureContext === false
        ? 'navigator.gpu is missing: WebGPU needs a secure context (https or localhost)'
        : 'navigator.gpu is missing: this browser has no WebGPU, or it is disabled',
    );
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) throw new Error('no adapter: the browser offers WebGPU but found no usable GPU (disabled, blocklisted or headless)');
  if (adapter.isFallbackAdapter === true) throw new Error('only a fallback (software) WebGPU adapter: slower than wasm');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('the webgpu backend failed to initialise');
  const info = adapter.info ?? {};
  const described = [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(' ');
  return { name: 'webgpu', tfBackend: tf.getBackend(), threads: 1, details: [`WebGPU adapter: ${described || 'unnamed'}`] };
}
