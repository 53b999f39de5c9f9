import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageDataset } from '@genmodels/core-data';
import { FEATURE_NETWORK_WEIGHTS, FeatureNetwork, type FeatureNetworkManifest } from '@genmodels/eval';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceFeatures } from './reference-features.js';

function network(sha256: string): FeatureNetwork {
  const weights: tf.NamedTensorMap = {};
  let seed = 1;
  for (const [name, shape] of Object.entries(FEATURE_NETWORK_WEIGHTS)) weights[name] = tf.randomNormal([...shape], 0, 0.1, 'float32', seed++);
  return new FeatureNetwork(weights, { name: 'mnist', featureDim: 128, numClasses: 10, sha256 } as FeatureNetworkManifest);
}

function images(count: number, offset = 0): ImageDataset {
  const bytes = Uint8Array.from({ length: count * 784 }, (_, i) => (i * 7 + offset) % 256);
  return { name: 'mnist', split: 'test', count, height: 28, width: 28, channels: 1, numClasses: 10, images: bytes, labels: new Uint8Array(count), source: 'test' };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'genmodels-cache-'));
  process.env.GENMODELS_CACHE_DIR = dir;
});
afterAll(() => {
  delete process.env.GENMODELS_CACHE_DIR;
  rmSync(dir, { recursive: true, force: true });
});

describe('referenceFeatures', () => {
  it('computes once, then serves the same features from the cache; other images or another network miss it', async () => {
    const net = network('aaaa');
    const first = await referenceFeatures(net, images(12), 10);
    expect(first.cached).toBe(false);
    expect(first.features.features.count).toBe(10);
    const again = await referenceFeatures(net, images(12), 10);
    expect(again.cached).toBe(true);
    expect(Array.from(again.features.features.values)).toEqual(Array.from(first.features.features.values));
    expect(Array.from(again.features.logits.values)).toEqual(Array.from(first.features.logits.values));
    expect((await referenceFeatures(net, images(12), 8)).cached).toBe(false);
    expect((await referenceFeatures(net, images(12, 1), 10)).cached).toBe(false);
    const other = network('bbbb');
    expect((await referenceFeatures(other, images(12), 10)).cached).toBe(false);
    net.dispose();
    other.dispose();
  });

  it('recomputes over a damaged cache file', async () => {
    const net = network('cccc');
    const first = await referenceFeatures(net, images(6), 6);
    for (const file of readdirSync(join(dir, 'features'))) writeFileSync(join(dir, 'features', file), 'damaged');
    const again = await referenceFeatures(net, images(6), 6);
    expect(again.cached).toBe(false);
    expect(Array.from(again.features.features.values)).toEqual(Array.from(first.features.features.values));
    expect((await referenceFeatures(net, images(6), 6)).cached).toBe(true);
    net.dispose();
  });
});
