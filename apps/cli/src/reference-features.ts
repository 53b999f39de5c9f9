/**
 * Classifier features of the test images that sample metrics compare against, cached on disk:
 * they are the same for every run of a dataset (10 000 images through the feature network is half
 * of an FID evaluation), so they are computed once per network, image set and count. The cache
 * key is a sha256 of the network's checksum and of the image bytes, so a changed dataset file or
 * network can never be served stale features; a damaged or foreign cache file is recomputed.
 * Location: $GENMODELS_CACHE_DIR, else $XDG_CACHE_HOME/genmodels, else ~/.cache/genmodels.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ImageDataset } from '@genmodels/core-data';
import { imagesToTensor } from '@genmodels/core-data';
import { ensureDirSync, writeFileAtomicSync } from '@genmodels/core-nn/node';
import type { ExtractedFeatures, FeatureNetwork } from '@genmodels/eval';
import { extractFeatures } from '@genmodels/eval';

export function featureCacheDir(): string {
  const explicit = process.env.GENMODELS_CACHE_DIR;
  if (explicit) return explicit;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && xdg !== '' ? xdg : join(homedir(), '.cache'), 'genmodels');
}

interface CacheHeader {
  format: 'genmodels-features';
  key: string;
  count: number;
  featureDims: number;
  logitDims: number;
}

/**
 * Features of the first `count` images of `images` ([0, 1] pixels), from the cache when it holds
 * them. `onProgress` follows the extraction when there is one; `warn` hears of a cache that
 * could not be written (the features are still returned).
 */
export async function referenceFeatures(
  network: FeatureNetwork,
  images: ImageDataset,
  count: number,
  options: { onProgress?: (done: number) => void; signal?: AbortSignal; warn?: (line: string) => void } = {},
): Promise<{ features: ExtractedFeatures; cached: boolean }> {
  const size = images.height * images.width * images.channels;
  const key = createHash('sha256')
    .update(`${network.manifest.sha256}\n${images.height}x${images.width}x${images.channels}\n${count}\n`)
    .update(images.images.subarray(0, count * size))
    .digest('hex');
  const file = join(featureCacheDir(), 'features', `${key}.bin`);
  const cached = readCache(file, key, network);
  if (cached) return { features: cached, cached: true };

  const indices = count < images.count ? Int32Array.from({ length: count }, (_, i) => i) : undefined;
  const test = imagesToTensor(images, { preprocessing: 'unit', flatten: false, ...(indices ? { indices } : {}) });
  let features: ExtractedFeatures;
  try {
    features = await extractFeatures(network, test, {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    test.dispose();
  }
  try {
    ensureDirSync(join(featureCacheDir(), 'features'));
    writeFileAtomicSync(file, encode(key, features));
  } catch (error) {
    options.warn?.(`warning: could not cache the test-image features in ${file}: ${(error as Error).message}`);
  }
  return { features, cached: false };
}

function encode(key: string, features: ExtractedFeatures): Buffer {
  const header: CacheHeader = {
    format: 'genmodels-features',
    key,
    count: features.features.count,
    featureDims: features.features.dims,
    logitDims: features.logits.dims,
  };
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const values = (set: { values: Float32Array | Float64Array }) => Buffer.from(Float32Array.from(set.values).buffer);
  return Buffer.concat([length, json, values(features.features), values(features.logits)]);
}

function readCache(file: string, key: string, network: FeatureNetwork): ExtractedFeatures | null {
  if (!existsSync(file)) return null;
  try {
    const bytes = readFileSync(file);
    const length = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as CacheHeader;
    const { count, featureDims, logitDims } = header;
    const start = 4 + length;
    const expected = start + 4 * count * (featureDims + logitDims);
    if (header.format !== 'genmodels-features' || header.key !== key || bytes.length !== expected) return null;
    const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + expected));
    return {
      features: { count, dims: featureDims, values: floats.slice(0, count * featureDims) },
      logits: { count, dims: logitDims, values: floats.slice(count * featureDims) },
      network: network.manifest,
    };
  } catch {
    return null;
  }
}
