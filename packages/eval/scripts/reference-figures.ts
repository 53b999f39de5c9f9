/**
 * Prints the reference figures of a shipped feature network: the metrics of real test images
 * against real training images (the floor a perfect generator would reach at that sample count)
 * and of uniform noise against test images.
 *
 *   node packages/eval/build/scripts/reference-figures.js --dataset fashion-mnist --count 10000
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@genmodels/backend';
import { imagesToTensor } from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import { FEATURE_NETWORK_NAMES, type FeatureNetworkName, computeSampleQuality, extractFeatures, formatSampleQualityReport } from '../src/index.js';
import { loadFeatureNetwork } from '../src/node.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dataset: { type: 'string' }, count: { type: 'string', default: '10000' } } });
  const name = values.dataset as FeatureNetworkName;
  if (!FEATURE_NETWORK_NAMES.includes(name)) throw new Error(`--dataset must be one of ${FEATURE_NETWORK_NAMES.join(', ')}`);
  const count = Number(values.count);
  const backend = await initBackend();
  console.log(`backend: ${backend.name}`);
  // build/scripts/reference-figures.js -> the package's weights/ directory.
  const network = loadFeatureNetwork(name, { weightsDir: fileURLToPath(new URL('../../weights/', import.meta.url)) });
  const indices = Int32Array.from({ length: count }, (_, i) => i);
  const testImages = imagesToTensor(loadImageDataset(name, { split: 'test' }), { preprocessing: 'unit', indices });
  const trainImages = imagesToTensor(loadImageDataset(name, { split: 'train' }), { preprocessing: 'unit', indices });
  const started = Date.now();
  const test = await extractFeatures(network, testImages, { batchSize: 500 });
  const train = await extractFeatures(network, trainImages, { batchSize: 500 });
  console.log(`extracted ${2 * count} images in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  tf.dispose([testImages, trainImages]);
  const real = await computeSampleQuality(train, test, { network, metrics: ['fid', 'kid', 'pr', 'is', 'histogram'] });
  console.log(`\n== first ${count} train images vs first ${count} test images ==\n${formatSampleQualityReport(real)}`);
  const noiseImages = tf.randomUniform([count, 28, 28, 1], 0, 1, 'float32', 1);
  const noise = await computeSampleQuality(noiseImages, test, { network, metrics: ['fid', 'kid', 'pr', 'is', 'histogram'], batchSize: 500 });
  noiseImages.dispose();
  console.log(`\n== ${count} uniform-noise images vs first ${count} test images ==\n${formatSampleQualityReport(noise)}`);
  network.dispose();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
