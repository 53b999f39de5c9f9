import * as tf from '@tensorflow/tfjs-core';
import type { BrowserBackendChoice } from './browser-backend-name.js';
import { type CanvasLike, type WebglContextLike, pageGlobals } from './page-globals.js';

// WebGL constants (Khronos WebGL 1.0 spec and WEBGL_debug_renderer_info).
const RENDERER = 0x1f01;
const UNMASKED_RENDERER_WEBGL = 0x9246;
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

function probeCanvas(): CanvasLike | null {
  const page = pageGlobals();
  if (page.OffscreenCanvas !== undefined) return new page.OffscreenCanvas(1, 1);
  return page.document?.createElement('canvas') ?? null;
}

function rendererOf(gl: WebglContextLike): string {
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl.getParameter(debug !== null ? UNMASKED_RENDERER_WEBGL : RENDERER);
  return typeof renderer === 'string' ? renderer : 'unknown renderer';
}

/**
 * TF.js's WebGL backend (shaders on the GPU through WebGL 2, else 1). A page whose WebGL renders
 * in software (SwiftShader, llvmpipe: what a browser falls back to without a GPU) is skipped:
 * wasm with XNNPACK is faster there.
 */
export async function loadBrowserWebgl(): Promise<BrowserBackendChoice> {
  const canvas = probeCanvas();
  if (canvas === null) throw new Error('no canvas to create a WebGL context on (not a page or worker with OffscreenCanvas)');
  const version = canvas.getContext('webgl2') !== null ? 2 : 1;
  const gl = version === 2 ? canvas.getContext('webgl2') : canvas.getContext('webgl');
  if (gl === null) throw new Error('no WebGL context: the GPU is disabled or blocklisted in this browser');
  const renderer = rendererOf(gl);
  if (SOFTWARE_RENDERER.test(renderer)) throw new Error(`WebGL renders in software (${renderer}): slower than wasm`);
  await import('@tensorflow/tfjs-backend-webgl');
  if (!(await tf.setBackend('webgl'))) throw new Error('the webgl backend failed to initialise');
  return { name: 'webgl', tfBackend: tf.getBackend(), threads: 1, details: [`WebGL ${tf.env().getNumber('WEBGL_VERSION')}: ${renderer}`] };
}
