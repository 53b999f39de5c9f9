/** Messages between the page and the model worker (src/model-worker.ts). Images travel as Float32Array [n, h, w, c]. */
import type { BrowserBackendReport } from '@genmodels/backend';
import type { RunRecord } from './run-types.js';

export interface ImageBatch {
  data: Float32Array;
  shape: [number, number, number, number];
}

export type WorkerRequest =
  | { type: 'load'; id: number; record: RunRecord; weightsUrl: string; sha256: string | undefined; backend?: string }
  | { type: 'sample'; id: number; n: number; seed: number; temperature?: number }
  | { type: 'inpaint'; id: number; image: ImageBatch; mask: Float32Array; seed: number }
  | { type: 'interpolate'; id: number; seedA: number; seedB: number; steps: number }
  | { type: 'denoise'; id: number; image: ImageBatch; noise: number; seed: number };

export interface ModelCapabilities {
  modelType: string;
  family: string;
  temperature: boolean;
  iterative: boolean;
  inpaint: boolean;
  interpolate: boolean;
  denoise: 'tweedie' | 'reconstruct' | null;
  imageShape: [number, number, number] | null;
}

export type WorkerResponse =
  | { type: 'loaded'; id: number; capabilities: ModelCapabilities; backend: BrowserBackendReport }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'images'; id: number; images: ImageBatch; extra?: ImageBatch }
  | { type: 'error'; id: number; message: string };
