import * as tf from '@tensorflow/tfjs-core';
import type { GenerativeModel } from './model-spec.js';
import { safetensorsToTensors } from './safetensors.js';
import { sha256Hex } from './sha256-hex.js';

export interface LoadWeightsFromBytesOptions {
  /** Names the bytes in errors (a URL, a file name); default 'weights.safetensors'. */
  sourceName?: string;
  /**
   * The sha256 (hex) the bytes must have, e.g. from the checkpoint's manifest.json
   * (`files['weights.safetensors'].sha256`); checked before anything is decoded.
   */
  sha256?: string;
}

/**
 * Loads a checkpoint's `weights.safetensors`, given as bytes (a `fetch` response's arrayBuffer,
 * a `File`, fs.readFile), into `model`: the browser's and any byte source's counterpart of
 * loadCheckpoint in `@genmodels/core-nn/node`. It checks the sha256 when one is given and the
 * `modelType` stored in the file's metadata (a weights file written by the checkpoint store
 * records it), then calls `model.setWeights`; the decoded tensors are disposed either way.
 * Optimizer state is not touched: this is for sampling, not for resuming training.
 */
export function loadWeightsFromBytes(model: GenerativeModel<unknown>, bytes: Uint8Array, options: LoadWeightsFromBytesOptions = {}): void {
  const sourceName = options.sourceName ?? 'weights.safetensors';
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`loadWeightsFromBytes: ${sourceName} must be a Uint8Array (e.g. new Uint8Array(await response.arrayBuffer()))`);
  }
  if (options.sha256 !== undefined) {
    const actual = sha256Hex(bytes);
    if (actual !== options.sha256.toLowerCase()) {
      throw new Error(`${sourceName} has sha256 ${actual}, the manifest says ${options.sha256} (the file is damaged or from another checkpoint); fetch it again`);
    }
  }
  const { tensors, metadata } = safetensorsToTensors(bytes, sourceName);
  try {
    const stored = metadata.modelType;
    if (stored !== undefined && stored !== model.modelType) {
      throw new Error(`${sourceName} holds the weights of a "${stored}" model, not "${model.modelType}"; build the model from the run's config.json`);
    }
    try {
      model.setWeights(tensors);
    } catch (error) {
      throw new Error(`${sourceName} does not fit this ${model.modelType} model: ${(error as Error).message}`, { cause: error });
    }
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
