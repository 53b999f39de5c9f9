/**
 * The model worker: the page's TF.js work runs here, off the page's thread, so the page stays
 * responsive and an action is cancelled by terminating the worker. It rebuilds the run's model
 * from config.json through the studio registry, loads the checkpoint's weights from bytes
 * (loadWeightsFromBytes, sha256 checked against the manifest) and answers sample / inpaint /
 * interpolate / denoise requests with the packages' public APIs.
 */
import { initBackend, isBrowserBackendName } from '@genmodels/backend';
import { type GenerativeModel, isInpaintingModel, isLatentModel, loadWeightsFromBytes } from '@genmodels/core-nn';
import { type DenoisingModel, denoisePipeline } from '@genmodels/score-diffusion';
import { interpolateLatents } from '@genmodels/vae';
import * as tf from '@tensorflow/tfjs-core';
import { studioModelEntry } from './model-registry.js';
import { WASM_PATHS } from './wasm-paths.js';
import type { RunRecord } from './run-types.js';
import type { ImageBatch, ModelCapabilities, WorkerRequest, WorkerResponse } from './worker-protocol.js';

interface Loaded {
  model: GenerativeModel<unknown>;
  record: RunRecord;
  capabilities: ModelCapabilities;
}

let loaded: Loaded | null = null;

const post = (message: WorkerResponse, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(message, transfer);

interface Reconstructing {
  reconstruct?: (x: tf.Tensor) => tf.Tensor;
}

/** Samples in the model's range -> [n, h, w, c] in [0, 1] (points stay [n, 2]). */
function toUnitImages(t: tf.Tensor, record: RunRecord): tf.Tensor {
  return tf.tidy(() => {
    const shape = record.imageShape;
    const x = shape ? tf.reshape(t, [t.shape[0]!, ...shape]) : t;
    return tf.clipByValue(record.sampleRange === 'symmetric' ? tf.div(tf.add(x, 1), 2) : x, 0, 1);
  });
}

/** [n, h, w, c] in [0, 1] -> what the model takes (its range and, for flat models, its flat shape). */
function fromUnitImages(batch: ImageBatch, model: GenerativeModel<unknown>, record: RunRecord): tf.Tensor {
  return tf.tidy(() => {
    let x: tf.Tensor = tf.tensor4d(batch.data, batch.shape);
    if (record.sampleRange === 'symmetric') x = tf.sub(tf.mul(x, 2), 1);
    const inputShape = (model.config as { inputShape?: readonly number[] }).inputShape;
    return inputShape && inputShape.length === 1 ? tf.reshape(x, [batch.shape[0], inputShape[0]!]) : x;
  });
}

async function imagesOf(t: tf.Tensor, record: RunRecord): Promise<ImageBatch> {
  const unit = toUnitImages(t, record);
  const data = (await unit.data()) as Float32Array;
  const shape = (unit.shape.length === 4 ? unit.shape : [unit.shape[0], 1, 1, unit.shape[1]]) as ImageBatch['shape'];
  unit.dispose();
  return { data, shape };
}

/** Diffusion models report each step of their pipelines (score-diffusion's PipelineStep: index of total). */
function progressFor(id: number): { onStep: (step: { index: number; total: number }) => void } {
  return { onStep: ({ index, total }) => post({ type: 'progress', id, done: index + 1, total }) };
}

async function load(request: Extract<WorkerRequest, { type: 'load' }>): Promise<void> {
  const backend = await initBackend({ wasmPaths: WASM_PATHS, ...(isBrowserBackendName(request.backend) ? { force: request.backend } : {}) });
  loaded?.model.dispose();
  loaded = null;
  const entry = studioModelEntry(request.record.model.modelType);
  const response = await fetch(request.weightsUrl);
  if (!response.ok) throw new Error(`${request.weightsUrl}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const model = entry.create(request.record.model);
  try {
    loadWeightsFromBytes(model, bytes, { sourceName: request.weightsUrl, ...(request.sha256 ? { sha256: request.sha256 } : {}) });
  } catch (error) {
    model.dispose();
    throw error;
  }
  const capabilities: ModelCapabilities = {
    modelType: request.record.modelType,
    family: entry.family,
    temperature: entry.temperature,
    iterative: entry.iterative,
    inpaint: isInpaintingModel(model) && request.record.imageShape !== null,
    interpolate: isLatentModel(model),
    denoise:
      request.record.imageShape === null
        ? null
        : entry.family === 'diffusion'
          ? 'tweedie'
          : typeof (model as unknown as Reconstructing).reconstruct === 'function'
            ? 'reconstruct'
            : null,
    imageShape: request.record.imageShape,
  };
  loaded = { model, record: request.record, capabilities };
  post({ type: 'loaded', id: request.id, capabilities, backend });
}

function requireLoaded(): Loaded {
  if (loaded === null) throw new Error('no checkpoint is loaded');
  return loaded;
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.type === 'load') return load(request);
  const { model, record, capabilities } = requireLoaded();
  const progress = progressFor(request.id);
  const diffusionOptions = capabilities.family === 'diffusion' ? { onStep: progress.onStep } : {};
  let out: tf.Tensor;
  let extra: tf.Tensor | undefined;
  switch (request.type) {
    case 'sample':
      out = model.sample(request.n, {
        seed: request.seed,
        ...(capabilities.temperature && request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...diffusionOptions,
      } as never);
      break;
    case 'inpaint': {
      if (!isInpaintingModel(model)) throw new Error(`${capabilities.modelType} cannot inpaint`);
      const x = fromUnitImages(request.image, model, record);
      const [, h, w, c] = request.image.shape;
      const mask = tf.tidy(() => {
        const m = tf.tile(tf.tensor4d(request.mask, [1, h, w, 1]), [1, 1, 1, c]);
        return x.shape.length === 2 ? tf.reshape(m, x.shape) : m;
      });
      try {
        out = model.inpaint(x, mask, { seed: request.seed, ...diffusionOptions } as never);
      } finally {
        tf.dispose([x, mask]);
      }
      break;
    }
    case 'interpolate': {
      if (!isLatentModel(model)) throw new Error(`${capabilities.modelType} has no latent space to interpolate in`);
      const latentShape = [...model.latentShape];
      const flatSize = latentShape.reduce((a, b) => a * b, 1);
      const path = tf.tidy(() => {
        const zA = tf.randomNormal([1, flatSize], 0, 1, 'float32', request.seedA);
        const zB = tf.randomNormal([1, flatSize], 0, 1, 'float32', request.seedB);
        return tf.reshape(interpolateLatents(zA, zB, request.steps, 'spherical'), [request.steps, ...latentShape]);
      });
      try {
        // DDIM decoding (diffusion) is iterative; other latent models decode in one pass.
        out = (model.decode as (z: tf.Tensor, options?: object) => tf.Tensor).call(model, path, diffusionOptions);
      } finally {
        path.dispose();
      }
      break;
    }
    case 'denoise': {
      const x = fromUnitImages(request.image, model, record);
      const scale = record.sampleRange === 'symmetric' ? 2 : 1;
      const sigma = request.noise * scale;
      const noisy = tf.tidy(() => tf.add(x, tf.mul(tf.randomNormal(x.shape, 0, 1, 'float32', request.seed), sigma)));
      x.dispose();
      try {
        if (capabilities.denoise === 'tweedie') out = await denoisePipeline(model as unknown as DenoisingModel, noisy, sigma, diffusionOptions);
        else if (capabilities.denoise === 'reconstruct') out = (model as unknown as Reconstructing).reconstruct!(noisy);
        else throw new Error(`${capabilities.modelType} cannot denoise`);
      } catch (error) {
        noisy.dispose();
        throw error;
      }
      extra = noisy;
      break;
    }
  }
  const images = await imagesOf(out, record);
  out.dispose();
  const extraImages = extra ? await imagesOf(extra, record) : undefined;
  extra?.dispose();
  post({ type: 'images', id: request.id, images, ...(extraImages ? { extra: extraImages } : {}) }, [images.data.buffer, ...(extraImages ? [extraImages.data.buffer] : [])]);
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  handle(request).catch((error: unknown) => post({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) }));
};
