import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@genmodels/backend';
import { type ImageDataset, imagesToTensor } from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accuracyFromLogits, extractFeatures } from './extract-features.js';
import { FEATURE_NETWORK_NAMES } from './feature-network-architecture.js';
import { type FeatureNetwork, type FeatureNetworkManifest, loadFeatureNetworkFromBytes, sha256Hex } from './feature-network.js';
import { defaultWeightsDir, loadFeatureNetwork } from './load-feature-network.js';
import { frechetDistance } from './frechet-distance.js';

const SUBSET = 500;

// Convolutions on the reference cpu backend take ~30 ms per image; the fastest available backend
// (wasm, with native kernels where built) keeps this file to a few seconds. Inference only.
beforeAll(async () => {
  await initBackend();
});
const FID_IMAGES = 300;

function firstImages(dataset: ImageDataset, n: number, offset = 0): tf.Tensor {
  return imagesToTensor(dataset, { preprocessing: 'unit', indices: Int32Array.from({ length: n }, (_, i) => offset + i) });
}

describe.each(FEATURE_NETWORK_NAMES)('shipped feature network %s', (name) => {
  let network: FeatureNetwork;
  let test: ImageDataset;
  let train: ImageDataset;

  beforeAll(() => {
    network = loadFeatureNetwork(name);
    test = loadImageDataset(name, { split: 'test' });
    train = loadImageDataset(name, { split: 'train' });
  });
  afterAll(() => network.dispose());

  it('has the checksum its manifest states, and a manifest that names the training budget', () => {
    const manifest = JSON.parse(readFileSync(join(defaultWeightsDir(), `${name}.manifest.json`), 'utf8'));
    const bytes = readFileSync(join(defaultWeightsDir(), manifest.weightsFile));
    expect(sha256Hex(bytes)).toBe(manifest.sha256);
    expect(network.manifest.sha256).toBe(manifest.sha256);
    expect(manifest.training.epochs).toBeGreaterThan(0);
    expect(manifest.training.steps).toBeGreaterThan(0);
    expect(manifest.subsetCheck.firstN).toBe(SUBSET);
    expect(network.describe()).toContain(manifest.sha256);
    expect(network.describe()).toContain(`${(manifest.testAccuracy * 100).toFixed(2)}%`);
  });

  it(`classifies the first ${SUBSET} test images as accurately as its manifest says`, async () => {
    const images = firstImages(test, SUBSET);
    const { logits, features } = await extractFeatures(network, images, { batchSize: 125 });
    images.dispose();
    expect(features.count).toBe(SUBSET);
    expect(features.dims).toBe(128);
    const accuracy = accuracyFromLogits(logits, test.labels.subarray(0, SUBSET));
    // Backends may round differently; allow one image of difference.
    expect(Math.abs(accuracy - network.manifest.subsetCheck.accuracy)).toBeLessThanOrEqual(1 / SUBSET + 1e-12);
    expect(accuracy).toBeGreaterThan(name === 'mnist' ? 0.98 : 0.88);
  });

  it('gives a small FID between real test and real train images and a large one for noise', async () => {
    const testImages = firstImages(test, FID_IMAGES);
    const trainImages = firstImages(train, FID_IMAGES);
    const noise = tf.randomUniform([FID_IMAGES, 28, 28, 1], 0, 1, 'float32', 7);
    const [a, b, c] = [
      await extractFeatures(network, testImages),
      await extractFeatures(network, trainImages),
      await extractFeatures(network, noise),
    ];
    tf.dispose([testImages, trainImages, noise]);
    const real = frechetDistance(a.features, b.features);
    const fake = frechetDistance(c.features, a.features);
    expect(real).toBeGreaterThan(0);
    // With 300 samples for 128 dims the FID floor is dominated by estimation bias, hence a ratio, not an absolute bound.
    console.log(`${name}: FID test vs train (${FID_IMAGES} each) ${real.toFixed(2)}, noise vs test ${fake.toFixed(2)}`);
    expect(fake).toBeGreaterThan(10 * real);
  });
});

describe('loadFeatureNetwork', () => {
  it('refuses weights whose sha256 does not match the manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'genmodels-eval-'));
    try {
      copyFileSync(join(defaultWeightsDir(), 'mnist.manifest.json'), join(dir, 'mnist.manifest.json'));
      const bytes = new Uint8Array(readFileSync(join(defaultWeightsDir(), 'mnist.safetensors')));
      bytes[bytes.length - 1] ^= 1; // flip one bit of the last weight
      writeFileSync(join(dir, 'mnist.safetensors'), bytes);
      expect(() => loadFeatureNetwork('mnist', { weightsDir: dir })).toThrow(/has sha256 [0-9a-f]{64}, but its manifest says [0-9a-f]{64}/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the valid networks for an unknown one', () => {
    expect(() => loadFeatureNetwork('cifar10' as never)).toThrow(/expected one of mnist, fashion-mnist/);
  });
});

describe('loadFeatureNetworkFromBytes', () => {
  const manifestOf = (name: string): FeatureNetworkManifest =>
    JSON.parse(readFileSync(join(defaultWeightsDir(), `${name}.manifest.json`), 'utf8')) as FeatureNetworkManifest;
  const weightsOf = (manifest: FeatureNetworkManifest) => new Uint8Array(readFileSync(join(defaultWeightsDir(), manifest.weightsFile)));

  it('builds from bytes the same network, giving the same features, as loading it from disk', async () => {
    const manifest = manifestOf('mnist');
    const fromBytes = loadFeatureNetworkFromBytes(manifest, weightsOf(manifest));
    const fromDisk = loadFeatureNetwork('mnist');
    const images = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 3);
    const a = fromBytes.apply(images as tf.Tensor4D);
    const b = fromDisk.apply(images as tf.Tensor4D);
    expect(fromBytes.manifest.sha256).toBe(manifest.sha256);
    expect(Array.from(a.features.dataSync())).toEqual(Array.from(b.features.dataSync()));
    tf.dispose([images, a.features, a.logits, b.features, b.logits]);
    fromBytes.dispose();
    fromDisk.dispose();
  });

  it('refuses bytes whose sha256 is not the manifest\'s, and a manifest for another network', () => {
    const manifest = manifestOf('mnist');
    const bytes = weightsOf(manifest);
    bytes[bytes.length - 1] ^= 1;
    expect(() => loadFeatureNetworkFromBytes(manifest, bytes, { weightsSource: 'https://x/mnist.safetensors' })).toThrow(
      /https:\/\/x\/mnist.safetensors has sha256 [0-9a-f]{64}, but its manifest says [0-9a-f]{64}/,
    );
    expect(() => loadFeatureNetworkFromBytes(manifest, weightsOf(manifest), { name: 'fashion-mnist' })).toThrow(/is not a genmodels-feature-network\/v1 manifest for 'fashion-mnist'/);
    expect(() => loadFeatureNetworkFromBytes({} as FeatureNetworkManifest, bytes)).toThrow(/unknown network undefined; expected one of mnist, fashion-mnist/);
  });
});
