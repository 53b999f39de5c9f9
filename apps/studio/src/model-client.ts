/**
 * The page's side of the model worker: one request at a time, progress callbacks, and cancel,
 * which terminates the worker (a synchronous sampling loop cannot be interrupted otherwise) and
 * starts a fresh one that reloads the same checkpoint on the next request.
 */
import type { ImageBatch, ModelCapabilities, WorkerRequest, WorkerResponse } from './worker-protocol.js';
import type { BrowserBackendReport } from '@genmodels/backend';

type Pending = { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void; onProgress?: (done: number, total: number) => void };

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

export class ModelClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private loadRequest: Extract<WorkerRequest, { type: 'load' }> | null = null;
  private loadedOnWorker = false;

  private spawn(): Worker {
    const worker = new Worker(new URL('./model-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      if (message.type === 'progress') {
        waiting.onProgress?.(message.done, message.total);
        return;
      }
      this.pending.delete(message.id);
      if (message.type === 'error') waiting.reject(new Error(message.message));
      else waiting.resolve(message);
    };
    worker.onerror = (event) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`model worker failed: ${event.message}`));
      this.pending.clear();
    };
    return worker;
  }

  private send(request: WorkerRequest, onProgress?: (done: number, total: number) => void): Promise<WorkerResponse> {
    this.worker ??= this.spawn();
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject, ...(onProgress ? { onProgress } : {}) });
      worker.postMessage(request);
    });
  }

  /** Loads a checkpoint; resolves with what the model can do and the backend the worker chose. */
  async load(request: Omit<Extract<WorkerRequest, { type: 'load' }>, 'id'>): Promise<{ capabilities: ModelCapabilities; backend: BrowserBackendReport }> {
    this.loadRequest = { ...request, id: 0 };
    const response = await this.send({ ...request, id: this.nextId++ });
    if (response.type !== 'loaded') throw new Error(`unexpected ${response.type} answer to load`);
    this.loadedOnWorker = true;
    return { capabilities: response.capabilities, backend: response.backend };
  }

  /** Runs one action on the loaded model. */
  async run(
    request: Exclude<WorkerRequest, { type: 'load' }> extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ images: ImageBatch; extra?: ImageBatch }> {
    if (!this.loadedOnWorker) {
      if (this.loadRequest === null) throw new Error('load a checkpoint first');
      await this.send({ ...this.loadRequest, id: this.nextId++ });
      this.loadedOnWorker = true;
    }
    const response = await this.send({ ...request, id: this.nextId++ } as WorkerRequest, onProgress);
    if (response.type !== 'images') throw new Error(`unexpected ${response.type} answer`);
    return { images: response.images, ...(response.extra ? { extra: response.extra } : {}) };
  }

  /** Stops whatever runs now: the worker is terminated and the next request starts a new one. */
  cancel(): void {
    this.worker?.terminate();
    this.worker = null;
    this.loadedOnWorker = false;
    for (const waiting of this.pending.values()) waiting.reject(new CancelledError());
    this.pending.clear();
  }
}
