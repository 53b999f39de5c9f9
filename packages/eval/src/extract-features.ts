import { type Tensor, dispose, slice, tidy } from '@tensorflow/tfjs-core';
import { nextEventLoopTurn } from '@genmodels/core-nn';
import type { FeatureSet } from './feature-set.js';
import type { FeatureNetwork, FeatureNetworkManifest } from './feature-network.js';
import { type InputRange, prepareImages } from './prepare-images.js';

/** Images for the feature network: one tensor (sliced into batches here) or a stream of batches. */
export type ImageSource = Tensor | Iterable<Tensor> | AsyncIterable<Tensor>;

export interface ExtractedFeatures {
  /** Penultimate activations, [count, 128]. */
  features: FeatureSet;
  /** Logits, [count, 10]. */
  logits: FeatureSet;
  /** The manifest of the network that produced them (name, sha256, accuracy). */
  network: FeatureNetworkManifest;
}

export interface ExtractFeaturesOptions {
  /** Rows per forward pass when `images` is one tensor (default 250). */
  batchSize?: number;
  /** Pixel range of the images (default 'unit'). */
  inputRange?: InputRange;
  /** Dispose each streamed batch after use (for generators that create fresh tensors). */
  disposeBatches?: boolean;
  /** Stop after this many images. */
  maxImages?: number;
  /** Called after every forward pass with the number of images done so far. */
  onProgress?: (imagesDone: number) => void;
  /** Stops between forward passes; the signal's reason is thrown. */
  signal?: AbortSignal;
}

function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && typeof (value as Tensor).dataSync === 'function' && Array.isArray((value as Tensor).shape);
}

/**
 * Runs images through a feature network in batches and keeps only the features and logits on
 * the host: activations of one batch at a time live on the device, so 10 000 images cost 10 000
 * x 138 floats of memory, not 10 000 x the network's activations.
 */
export async function extractFeatures(network: FeatureNetwork, images: ImageSource, options: ExtractFeaturesOptions = {}): Promise<ExtractedFeatures> {
  const batchSize = options.batchSize ?? 250;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`extractFeatures: batchSize must be a positive integer, got ${batchSize}`);
  const inputRange = options.inputRange ?? 'unit';
  const maxImages = options.maxImages ?? Infinity;
  const featureDim = network.manifest.featureDim;
  const numClasses = network.manifest.numClasses;
  const featureChunks: Float32Array[] = [];
  const logitChunks: Float32Array[] = [];
  let count = 0;

  const run = async (batch: Tensor) => {
    if (options.signal) {
      // Lets an abort handler (Ctrl-C) run: reads on cpu and wasm resolve without reaching the event loop.
      await nextEventLoopTurn();
      options.signal.throwIfAborted();
    }
    const take = Math.min(batch.shape[0], maxImages - count);
    if (take <= 0) return;
    const { features, logits } = tidy(() => {
      const part = take < batch.shape[0] ? slice(batch, 0, take) : batch;
      return network.apply(prepareImages(part, inputRange));
    });
    const [f, l] = await Promise.all([features.data(), logits.data()]);
    dispose([features, logits]);
    featureChunks.push(f as Float32Array);
    logitChunks.push(l as Float32Array);
    count += take;
    options.onProgress?.(count);
  };

  if (isTensor(images)) {
    for (let start = 0; start < images.shape[0] && count < maxImages; start += batchSize) {
      const size = Math.min(batchSize, images.shape[0] - start);
      const batch = slice(images, start, size);
      try {
        await run(batch);
      } finally {
        batch.dispose();
      }
    }
  } else {
    for await (const batch of images as AsyncIterable<Tensor>) {
      try {
        await run(batch);
      } finally {
        if (options.disposeBatches) batch.dispose();
      }
      if (count >= maxImages) break;
    }
  }
  if (count === 0) throw new RangeError('extractFeatures: no images were given');
  return {
    features: { count, dims: featureDim, values: concat(featureChunks, count * featureDim) },
    logits: { count, dims: numClasses, values: concat(logitChunks, count * numClasses) },
    network: network.manifest,
  };
}

function concat(chunks: Float32Array[], length: number): Float32Array {
  const out = new Float32Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** Fraction of images whose argmax logit equals the label. */
export function accuracyFromLogits(logits: FeatureSet, labels: ArrayLike<number>): number {
  if (labels.length !== logits.count) throw new RangeError(`accuracyFromLogits: ${labels.length} labels for ${logits.count} rows`);
  let correct = 0;
  const c = logits.dims;
  for (let r = 0; r < logits.count; r += 1) {
    let best = 0;
    for (let j = 1; j < c; j += 1) if (logits.values[r * c + j] > logits.values[r * c + best]) best = j;
    if (best === labels[r]) correct += 1;
  }
  return correct / logits.count;
}
