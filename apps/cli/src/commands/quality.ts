/**
 * `genmodels quality <run>`: sample-quality figures of any image model (GANs, VAEs, diffusion...)
 * on the features of the eval package's classifier for the run's dataset: FID, KID,
 * precision/recall and the class histogram of the samples (the mode-collapse signal), for
 * `--n` samples (default 10 000, as bench-spec) against the whole test split. Samples are drawn
 * in chunks whose intermediates fit the backend's memory and go straight through the feature
 * network, so only features are kept; progress is shown and Ctrl-C stops between chunks.
 */
import { isImageDatasetName } from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import { BatchTooLargeError, deriveSeed, forEachFittingChunk, isConditionalModel } from '@genmodels/core-nn';
import type { ExtractedFeatures, SampleMetric, SampleQualityReport } from '@genmodels/eval';
import { SAMPLE_METRICS, computeSampleQuality, concatFeatureSets, extractFeatures, formatSampleQualityReport } from '@genmodels/eval';
import { loadFeatureNetwork } from '@genmodels/eval/node';
import * as tf from '@tensorflow/tfjs-core';
import { type Command, InvalidArgumentError } from 'commander';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, integer, log, positiveInt } from '../cli-options.js';
import { type LoadedRun, loadRun } from '../load-run.js';
import { featureCacheDir, referenceFeatures } from '../reference-features.js';
import { startProgress } from '../progress-reporter.js';
import { interruptible } from '../step-progress.js';

/** What `quality` and `eval` compute for a model without a likelihood. */
export const DEFAULT_SAMPLE_METRICS: readonly SampleMetric[] = Object.freeze(['fid', 'kid', 'pr', 'histogram'] as const);

export interface QualityOptions {
  n: number;
  metrics: SampleMetric[];
  seed: number;
  /** Samples generated at once at most (fewer when they would not fit the backend memory). */
  batchSize: number;
  /** Use only the first this many test images (default: the whole split). */
  reference?: number;
  backend?: string;
  /** Stops between chunks (Ctrl-C). */
  signal?: AbortSignal;
  /** The options that set n and reference, for messages (default --n, --reference; eval's --max-examples caps both). */
  countOptions?: { samples: string; reference: string };
}

export async function qualityCommand(runDir: string, options: QualityOptions, log: (line: string) => void): Promise<SampleQualityReport> {
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, log);
  try {
    return await interruptible(`quality of ${runDir}`, (signal) => runQuality(run, runDir, { ...options, signal }, log), log);
  } finally {
    run.model.dispose();
  }
}

function qualityDataset(run: LoadedRun, runDir: string): 'mnist' | 'fashion-mnist' {
  const { record } = run;
  if (!record.imageShape || !isImageDatasetName(record.dataset) || (record.dataset !== 'mnist' && record.dataset !== 'fashion-mnist')) {
    throw new CliError(`sample quality needs an MNIST or Fashion-MNIST image run; ${runDir} holds ${record.dataset}`);
  }
  return record.dataset;
}

function openFeatureNetwork(dataset: 'mnist' | 'fashion-mnist'): ReturnType<typeof loadFeatureNetwork> {
  try {
    return loadFeatureNetwork(dataset);
  } catch (error) {
    throw new CliError((error as Error).message.split('\n')[0]);
  }
}

/**
 * What runQuality refuses before it draws a sample (a run without MNIST-like images, a missing
 * feature network, too few samples or test images for a metric), checked alone: eval calls it
 * before the likelihood, so that a refusal comes before minutes of other work.
 */
export function checkQualityRequest(run: LoadedRun, runDir: string, options: QualityOptions): void {
  const dataset = qualityDataset(run, runDir);
  const network = openFeatureNetwork(dataset);
  try {
    const images = loadImageDataset(dataset, { split: 'test', dir: run.record.dataDir });
    checkSampleCounts(options, Math.min(images.count, options.reference ?? Infinity), network.manifest.featureDim);
  } finally {
    network.dispose();
  }
}

/** Sample quality of an already loaded run (the caller keeps and disposes the model). */
export async function runQuality(run: LoadedRun, runDir: string, options: QualityOptions, log: (line: string) => void): Promise<SampleQualityReport> {
  const { record, model } = run;
  const dataset = qualityDataset(run, runDir);
  const network = openFeatureNetwork(dataset);
  const { signal } = options;
  const numClasses = isConditionalModel(model) ? model.numClasses : 0;
  try {
    const images = loadImageDataset(dataset, { split: 'test', dir: record.dataDir });
    const count = Math.min(images.count, options.reference ?? Infinity);
    checkSampleCounts(options, count, network.manifest.featureDim);
    log(
      `generating ${options.n} samples from ${record.modelType} at step ${run.step}${numClasses > 0 ? ` (class labels 0..${numClasses - 1} in turn)` : ''} ` +
        `and comparing with ${count} test images`,
    );
    const samples = await sampleFeatures(run, network, options, numClasses);
    // Shown only when the features are computed, not when they come from the cache.
    let progress: ReturnType<typeof startProgress> | undefined;
    let reference;
    try {
      reference = await referenceFeatures(network, images, count, {
        onProgress: (done) => (progress ??= startProgress('features of the test images', count, { unit: 'image' })).update(done),
        ...(signal ? { signal } : {}),
        warn: log,
      });
    } finally {
      progress?.done();
    }
    if (reference.cached) log(`test-image features from the cache in ${featureCacheDir()}`);
    log(`computing ${options.metrics.join(', ')} on the features`);
    return await computeSampleQuality(samples, reference.features, {
      network,
      metrics: options.metrics,
      inputRange: record.sampleRange,
      ...(signal ? { signal } : {}),
    });
  } finally {
    network.dispose();
  }
}

/**
 * Refuses, before any sample is drawn, sample and reference counts too small for the metrics
 * asked for: FID fits a covariance (more rows than feature dims), KID needs two rows per set,
 * precision/recall k + 1 = 4.
 */
function checkSampleCounts(options: QualityOptions, reference: number, featureDim: number): void {
  const needs: [metric: SampleMetric, rows: number, why: string][] = [
    ['fid', featureDim + 1, `FID fits a ${featureDim}x${featureDim} covariance to the classifier features`],
    ['kid', 2, 'KID compares pairs of samples'],
    ['pr', 4, 'precision/recall looks at the 3 nearest neighbours'],
  ];
  for (const [metric, rows, why] of needs) {
    if (!options.metrics.includes(metric)) continue;
    for (const [what, have, option] of [
      ['samples', options.n, options.countOptions?.samples ?? '--n'],
      ['test images', reference, options.countOptions?.reference ?? '--reference'],
    ] as const) {
      if (have < rows) {
        throw new CliError(
          `${metric} needs at least ${rows} ${what}, got ${have}: ${why}. Pass ${option} ${rows} or more${metric === 'fid' ? ' (FID is usually reported on 10000)' : ''}, or leave ${metric} out of --metrics`,
        );
      }
    }
  }
}

/**
 * Draws `options.n` samples in chunks that fit the backend memory (the first two small chunks
 * measure the sampler's working set) and keeps only their features. Chunk i starting at sample
 * s uses seed deriveSeed(seed, s), so the samples do not depend on anything but the chunking.
 */
async function sampleFeatures(
  run: LoadedRun,
  network: Parameters<typeof extractFeatures>[0],
  options: QualityOptions,
  numClasses: number,
): Promise<ExtractedFeatures> {
  const { record, model } = run;
  const imageShape = record.imageShape as [number, number, number];
  const parts: ExtractedFeatures[] = [];
  const progress = startProgress(`sampling ${record.modelType} and extracting features`, options.n, { unit: 'sample' });
  try {
    await forEachFittingChunk(
      options.n,
      (start, size) =>
        tf.tidy(() => {
          const labels = numClasses > 0 ? Array.from({ length: size }, (_, i) => (start + i) % numClasses) : undefined;
          return tf.reshape(model.sample(size, { seed: deriveSeed(options.seed, start), ...(labels ? { labels } : {}) }), [size, ...imageShape]);
        }),
      async (images, start, size) => {
        try {
          parts.push(await extractFeatures(network, images, { inputRange: record.sampleRange, ...(options.signal ? { signal: options.signal } : {}) }));
        } finally {
          images.dispose();
        }
        progress.update(start + size);
      },
      { what: `${record.modelType} sampling`, maxChunkSize: options.batchSize, ...(options.signal ? { signal: options.signal } : {}) },
    );
  } catch (error) {
    if (error instanceof BatchTooLargeError) throw new CliError(error.message);
    throw error;
  } finally {
    progress.done();
  }
  return {
    features: concatFeatureSets(parts.map((p) => p.features)),
    logits: concatFeatureSets(parts.map((p) => p.logits)),
    network: network.manifest,
  };
}

function metricList(value: string): SampleMetric[] {
  const metrics = value.split(',').map((m) => m.trim());
  const allowed = SAMPLE_METRICS.filter((m) => m !== 'memorization');
  if (metrics.length === 0 || !metrics.every((m) => (allowed as readonly string[]).includes(m))) {
    throw new InvalidArgumentError(`expected a comma-separated list of ${allowed.join(', ')}`);
  }
  return metrics as SampleMetric[];
}

export function registerQualityCommand(program: Command): void {
  program
    .command('quality')
    .description("sample quality of an image run on the eval package's classifier features: FID, KID, precision/recall, class histogram")
    .argument('<run>', 'run directory')
    .option('--n <n>', 'samples to generate (bench-spec: 10000)', positiveInt, 10_000)
    .option('--metrics <list>', 'metrics: fid, kid, pr, is, histogram', metricList, [...DEFAULT_SAMPLE_METRICS])
    .option('--seed <n>', 'sampling seed', integer, 1)
    .option('--batch-size <n>', 'samples generated at once at most; fewer when they would not fit the backend memory', positiveInt, 500)
    .option('--reference <n>', 'compare with the first n test images only (quick checks; figures are then not bench-spec)', positiveInt)
    .option('--json', 'print the report as JSON', false)
    .addOption(backendOption())
    .action(async (run: string, options) => {
      const report = await qualityCommand(run, options, log);
      process.stdout.write(`${options.json ? JSON.stringify(report) : formatSampleQualityReport(report)}\n`);
    });
}
