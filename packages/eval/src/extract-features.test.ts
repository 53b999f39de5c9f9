import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { accuracyFromLogits, extractFeatures } from './extract-features.js';
import { FEATURE_NETWORK_WEIGHTS } from './feature-network-architecture.js';
import { FeatureNetwork, type FeatureNetworkManifest } from './feature-network.js';
import { prepareImages } from './prepare-images.js';

function randomNetwork(): FeatureNetwork {
  const weights: tf.NamedTensorMap = {};
  let seed = 1;
  for (const [name, shape] of Object.entries(FEATURE_NETWORK_WEIGHTS)) weights[name] = tf.randomNormal([...shape], 0, 0.1, 'float32', seed++);
  const manifest = { name: 'mnist', featureDim: 128, numClasses: 10, sha256: 'test' } as FeatureNetworkManifest;
  return new FeatureNetwork(weights, manifest);
}

describe('extractFeatures', () => {
  it('gives the same features from one tensor, from a stream of batches, and in any batch size', async () => {
    const network = randomNetwork();
    const images = tf.randomUniform([20, 784], 0, 1, 'float32', 2);
    const whole = await extractFeatures(network, images, { batchSize: 7 });
    async function* stream() {
      for (let start = 0; start < 20; start += 9) yield tf.slice(images, start, Math.min(9, 20 - start));
    }
    const streamed = await extractFeatures(network, stream(), { disposeBatches: true });
    const capped = await extractFeatures(network, images, { batchSize: 8, maxImages: 6 });
    images.dispose();
    network.dispose();
    expect(whole.features.count).toBe(20);
    expect(whole.logits.dims).toBe(10);
    expect(capped.features.count).toBe(6);
    let maxDiff = 0;
    for (let i = 0; i < whole.features.values.length; i += 1) maxDiff = Math.max(maxDiff, Math.abs(whole.features.values[i] - streamed.features.values[i]));
    expect(maxDiff).toBeLessThan(1e-5);
    expect(Array.from(capped.features.values)).toEqual(Array.from(whole.features.values.subarray(0, 6 * 128)));
    expect(whole.features.values.some((v) => v > 0)).toBe(true);
  });

  it('reports progress after every forward pass and stops when aborted', async () => {
    const network = randomNetwork();
    const images = tf.randomUniform([20, 784], 0, 1, 'float32', 3);
    const progress: number[] = [];
    await extractFeatures(network, images, { batchSize: 8, onProgress: (n) => progress.push(n) });
    expect(progress).toEqual([8, 16, 20]);
    const controller = new AbortController();
    const stopped = extractFeatures(network, images, {
      batchSize: 8,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('interrupted by the user')),
    });
    await expect(stopped).rejects.toThrow('interrupted by the user');
    images.dispose();
    network.dispose();
  });

  it('counts correct argmax predictions', () => {
    expect(accuracyFromLogits({ count: 3, dims: 2, values: Float32Array.from([1, 0, 0, 1, 3, 2]) }, [0, 0, 0])).toBeCloseTo(2 / 3, 12);
  });
});

describe('prepareImages', () => {
  it('maps [-1, 1] to [0, 1], clips, rounds to 8-bit levels and reshapes to NHWC', () => {
    const x = tf.tensor2d([[-1, 0, 1, 2, -3, 0.0031, 0.5, 1 / 255 + 0.001, ...new Array(776).fill(0)]]);
    const out = prepareImages(x, 'symmetric');
    const v = out.dataSync();
    expect(out.shape).toEqual([1, 28, 28, 1]);
    expect(v[0]).toBe(0);
    expect(v[1]).toBeCloseTo(128 / 255, 6); // (0 + 1) / 2 = 0.5 -> 127.5 rounds to 128
    expect(v[2]).toBe(1);
    expect(v[3]).toBe(1); // clipped
    expect(v[4]).toBe(0); // clipped
    const unit = prepareImages(x, 'unit');
    expect(unit.dataSync()[5]).toBeCloseTo(1 / 255, 6); // 0.0031 * 255 = 0.79 -> 1
    tf.dispose([x, out, unit]);
    const wrong = tf.zeros([2, 10]);
    expect(() => prepareImages(wrong)).toThrow(/expected 28x28x1 images/);
    wrong.dispose();
  });
});
