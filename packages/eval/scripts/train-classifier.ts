/**
 * Trains the shipped feature network for one dataset and writes weights/<name>.safetensors and
 * weights/<name>.manifest.json (sha256, architecture, test accuracy, seed, training budget).
 *
 *   pnpm --filter @genmodels/eval^... build && pnpm --filter @genmodels/eval build:scripts
 *   node packages/eval/build/scripts/train-classifier.js --dataset fashion-mnist --epochs 12 --seed 1
 *
 * Uses the fastest TF.js backend available through @genmodels/backend.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { formatBackendReport, initBackend } from '@genmodels/backend';
import { imagesToTensor } from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import { tensorsToSafetensors } from '@genmodels/core-nn';
import {
  FEATURE_DIM,
  FEATURE_NETWORK_ARCHITECTURE,
  FEATURE_NETWORK_NAMES,
  FeatureNetwork,
  type FeatureNetworkManifest,
  type FeatureNetworkName,
  NUM_CLASSES,
  accuracyFromLogits,
  extractFeatures,
  sha256Hex,
  trainFeatureNetwork,
} from '../src/index.js';

const SUBSET_CHECK = 500;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      epochs: { type: 'string', default: '10' },
      'batch-size': { type: 'string', default: '128' },
      'learning-rate': { type: 'string', default: '0.001' },
      seed: { type: 'string', default: '1' },
      'max-steps': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const name = values.dataset as FeatureNetworkName;
  if (!FEATURE_NETWORK_NAMES.includes(name)) throw new Error(`--dataset must be one of ${FEATURE_NETWORK_NAMES.join(', ')}`);
  const epochs = Number(values.epochs);
  const batchSize = Number(values['batch-size']);
  const learningRate = Number(values['learning-rate']);
  const seed = Number(values.seed);
  const maxSteps = values['max-steps'] === undefined ? undefined : Number(values['max-steps']);
  // build/scripts/train-classifier.js -> the package's weights/ directory.
  const outDir = values.out ?? fileURLToPath(new URL('../../weights/', import.meta.url));

  const backend = await initBackend();
  console.log(formatBackendReport(backend));
  const train = loadImageDataset(name, { split: 'train' });
  const test = loadImageDataset(name, { split: 'test' });
  const trainImages = imagesToTensor(train, { preprocessing: 'unit' }) as tf.Tensor4D;
  const started = Date.now();
  const { weights, steps } = await trainFeatureNetwork({
    images: trainImages,
    labels: train.labels,
    epochs,
    batchSize,
    learningRate,
    seed,
    ...(maxSteps !== undefined ? { maxSteps } : {}),
    onEpochEnd: (epoch, logs) => {
      console.log(`epoch ${epoch + 1}/${epochs}: loss ${logs.loss.toFixed(4)}, step ${logs.steps}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    },
  });
  const seconds = (Date.now() - started) / 1000;
  trainImages.dispose();

  const bytes = await tensorsToSafetensors(weights, { format: 'genmodels-feature-network/v1', name, architecture: FEATURE_NETWORK_ARCHITECTURE });
  const sha256 = sha256Hex(bytes);
  const manifestDraft = {
    format: 'genmodels-feature-network/v1',
    name,
    dataset: name,
    architecture: FEATURE_NETWORK_ARCHITECTURE,
    featureLayer: 'Dense128-ReLU penultimate activations',
    featureDim: FEATURE_DIM,
    numClasses: NUM_CLASSES,
    inputShape: [28, 28, 1],
    inputRange: '[0, 1] (x / 255), 8-bit levels',
    weightsFile: `${name}.safetensors`,
    sha256,
    testAccuracy: 0,
    testExamples: test.count,
    subsetCheck: { firstN: SUBSET_CHECK, accuracy: 0 },
    seed,
    training: {
      epochs,
      batchSize,
      steps,
      optimizer: 'adam (beta1 0.9, beta2 0.999, epsilon 1e-7)',
      learningRate,
      dropout: [0.25, 0.5],
      trainExamples: train.count,
      seconds: Math.round(seconds),
      backend: `${backend.name} (${backend.threads} threads)`,
      command: `node packages/eval/build/scripts/train-classifier.js --dataset ${name} --epochs ${epochs} --batch-size ${batchSize} --learning-rate ${learningRate} --seed ${seed}${maxSteps !== undefined ? ` --max-steps ${maxSteps}` : ''}`,
    },
    createdWith: { '@tensorflow/tfjs-core': tf.version_core, node: process.version },
  } satisfies FeatureNetworkManifest;

  // Accuracy of exactly what is shipped: the network built from the encoded weights.
  const network = new FeatureNetwork(weights, manifestDraft);
  const testImages = imagesToTensor(test, { preprocessing: 'unit' });
  const { logits } = await extractFeatures(network, testImages, { batchSize: 500 });
  testImages.dispose();
  network.dispose();
  const testAccuracy = accuracyFromLogits(logits, test.labels);
  const subset = { count: SUBSET_CHECK, dims: logits.dims, values: logits.values.subarray(0, SUBSET_CHECK * logits.dims) };
  const subsetAccuracy = accuracyFromLogits(subset, test.labels.subarray(0, SUBSET_CHECK));
  const manifest: FeatureNetworkManifest = { ...manifestDraft, testAccuracy, subsetCheck: { firstN: SUBSET_CHECK, accuracy: subsetAccuracy } };

  mkdirSync(outDir, { recursive: true });
  const weightsPath = join(outDir, manifest.weightsFile);
  writeFileSync(`${weightsPath}.partial`, bytes);
  renameSync(`${weightsPath}.partial`, weightsPath);
  writeFileSync(join(outDir, `${name}.manifest.json`), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(
    `${name}: test accuracy ${(testAccuracy * 100).toFixed(2)}% (${test.count} images), first ${SUBSET_CHECK}: ${(subsetAccuracy * 100).toFixed(2)}%, ` +
      `${steps} steps in ${seconds.toFixed(0)} s on ${backend.name}; sha256 ${sha256}; wrote ${weightsPath}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
