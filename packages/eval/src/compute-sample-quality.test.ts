import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@genmodels/backend';
import { IMAGE_CLASS_NAMES, imagesToTensor } from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSampleQuality, formatSampleQualityReport } from './compute-sample-quality.js';
import { type ExtractedFeatures, extractFeatures } from './extract-features.js';
import type { FeatureNetwork } from './feature-network.js';
import { loadFeatureNetwork } from './load-feature-network.js';

const N = 200;
// The memorization check compares with the local density of training images: it needs many per class.
const TRAIN = 2000;

describe('computeSampleQuality', () => {
  let network: FeatureNetwork;
  let reference: ExtractedFeatures;
  let trainImages: tf.Tensor;
  let testTail: tf.Tensor;

  beforeAll(async () => {
    await initBackend(); // inference only; see feature-network.test.ts
    network = loadFeatureNetwork('mnist');
    const test = loadImageDataset('mnist', { split: 'test' });
    const train = loadImageDataset('mnist', { split: 'train' });
    const head = imagesToTensor(test, { preprocessing: 'unit', indices: Int32Array.from({ length: N }, (_, i) => i) });
    reference = await extractFeatures(network, head);
    head.dispose();
    testTail = imagesToTensor(test, { preprocessing: 'unit', indices: Int32Array.from({ length: N }, (_, i) => 5000 + i) });
    trainImages = imagesToTensor(train, { preprocessing: 'unit', indices: Int32Array.from({ length: TRAIN }, (_, i) => i) });
  });
  afterAll(() => {
    network.dispose();
    tf.dispose([trainImages, testTail]);
  });

  it('reports every metric with the network identity, and flags copied training images', async () => {
    // "Samples": 150 held-out test images plus 50 exact copies of training images, given in [-1, 1] as a stream.
    const samples = tf.tidy(() => tf.sub(tf.mul(tf.concat([tf.slice(testTail, 0, N - 50), tf.slice(trainImages, 0, 50)]), 2), 1));
    const stream = [tf.slice(samples, 0, 64), tf.slice(samples, 64, 64), tf.slice(samples, 128, N - 128)];
    const report = await computeSampleQuality(stream, reference, {
      network,
      metrics: ['fid', 'kid', 'pr', 'is', 'histogram', 'memorization'],
      inputRange: 'symmetric',
      training: trainImages,
      kid: { numSubsets: 10, subsetSize: 100 },
      classNames: IMAGE_CLASS_NAMES.mnist,
    });
    tf.dispose([samples, ...stream]);
    expect(report.network.sha256).toBe(network.manifest.sha256);
    expect(report.numSamples).toBe(N);
    expect(report.numReference).toBe(N);
    // Real images score far better than noise on both distances.
    const noise = tf.randomUniform([N, 784], 0, 1, 'float32', 3);
    const noiseReport = await computeSampleQuality(noise, reference, { network, metrics: ['fid', 'kid'], kid: { numSubsets: 10, subsetSize: 100 } });
    noise.dispose();
    expect(report.fid).toBeGreaterThan(0);
    expect(report.fid).toBeLessThan(0.2 * (noiseReport.fid ?? 0));
    // (MNIST test images 5000+ come from other writers than the first ones, so this KID is not ~0.)
    expect(report.kid?.mean).toBeLessThan(0.1 * (noiseReport.kid?.mean ?? 0));
    expect(report.precisionRecall?.precision).toBeGreaterThan(0.5);
    expect(report.classifierScore?.mean).toBeGreaterThan(5);
    expect(report.classHistogram?.numClassesPresent).toBe(10);
    // The 50 copies (indices 150..199) are what the memorization check finds.
    const flagged = report.memorization?.flaggedIndices ?? [];
    expect(flagged.filter((i) => i >= N - 50).length).toBeGreaterThanOrEqual(45);
    expect(flagged.filter((i) => i < N - 50).length).toBeLessThanOrEqual(3);
    const text = formatSampleQualityReport(report);
    expect(text.split('\n')[0]).toContain(network.manifest.sha256);
    expect(text).toMatch(/FID: \d+\.\d{3}/);
    expect(text).toMatch(/memorization: \d+ of 200 samples/);
  });

  it('shows mode collapse in the histogram and in recall', async () => {
    // A "generator" that only draws images of the digit 1.
    const test = loadImageDataset('mnist', { split: 'test' });
    const ones: number[] = [];
    for (let i = 0; ones.length < N && i < test.count; i += 1) if (test.labels[i] === 1) ones.push(i);
    const collapsed = imagesToTensor(test, { preprocessing: 'unit', indices: Int32Array.from(ones) });
    const report = await computeSampleQuality(collapsed, reference, { network, metrics: ['pr', 'is', 'histogram'] });
    collapsed.dispose();
    expect(report.classHistogram?.counts[1]).toBeGreaterThan(0.95 * N);
    expect(report.classHistogram?.klFromUniform).toBeGreaterThan(2);
    expect(report.classifierScore?.mean).toBeLessThan(1.5);
    expect(report.precisionRecall?.recall).toBeLessThan(0.3);
  });

  it('refuses features from a different network and unknown metrics', async () => {
    const other = { ...reference, network: { ...reference.network, sha256: '0'.repeat(64) } };
    await expect(computeSampleQuality(other, reference, { network, metrics: ['fid'] })).rejects.toThrow(/features from different networks cannot be compared/);
    await expect(computeSampleQuality(reference, reference, { network, metrics: ['fdi' as never] })).rejects.toThrow(/unknown metric "fdi"/);
    await expect(computeSampleQuality(reference, reference, { network, metrics: ['memorization'] })).rejects.toThrow(/pass options.training/);
  });
});
