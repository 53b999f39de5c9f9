/**
 * `genmodels quality <run>`: sample-quality figures of any image model (GANs, VAEs, diffusion...)
 * on the features of the eval package's classifier for the run's dataset: FID, KID,
 * precision/recall and the class histogram of the samples (the mode-collapse signal), for
 * `--n` samples (default 10 000, as bench-spec) against the whole test split.
 */
import { imagesToTensor, isImageDatasetName } from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import { stepSeeds } from '@genmodels/core-nn';
import { SAMPLE_METRICS, computeSampleQuality, formatSampleQualityReport } from '@genmodels/eval';
import { loadFeatureNetwork } from '@genmodels/eval/node';
import type { SampleMetric, SampleQualityReport } from '@genmodels/eval';
import * as tf from '@tensorflow/tfjs-core';
import { type Command, InvalidArgumentError } from 'commander';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, integer, log, positiveInt } from '../cli-options.js';
import { type LoadedRun, loadRun } from '../load-run.js';

export interface QualityOptions {
  n: number;
  metrics: SampleMetric[];
  seed: number;
  batchSize: number;
  /** Use only the first this many test images (default: the whole split). */
  reference?: number;
  backend?: string;
}

export async function qualityCommand(runDir: string, options: QualityOptions, log: (line: string) => void): Promise<SampleQualityReport> {
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, log);
  try {
    return await runQuality(run, runDir, options, log);
  } finally {
    run.model.dispose();
  }
}

/** Sample quality of an already loaded run (the caller keeps and disposes the model). */
export async function runQuality(run: LoadedRun, runDir: string, options: QualityOptions, log: (line: string) => void): Promise<SampleQualityReport> {
  const { record, model } = run;
  const imageShape = record.imageShape;
  if (!imageShape || !isImageDatasetName(record.dataset) || (record.dataset !== 'mnist' && record.dataset !== 'fashion-mnist')) {
    throw new CliError(`sample quality needs an MNIST or Fashion-MNIST image run; ${runDir} holds ${record.dataset}`);
  }
  let network;
  try {
    network = loadFeatureNetwork(record.dataset);
  } catch (error) {
    throw new CliError((error as Error).message.split('\n')[0]);
  }
  const chunks = Math.ceil(options.n / options.batchSize);
  const seeds = stepSeeds(options.seed, chunks);
  const samples = {
    *[Symbol.iterator]() {
      for (let i = 0; i < chunks; i++) {
        const size = Math.min(options.batchSize, options.n - i * options.batchSize);
        const images = tf.tidy(() => tf.reshape(model.sample(size, { seed: seeds[i] }), [size, ...imageShape]));
        try {
          yield images;
        } finally {
          images.dispose();
        }
      }
    },
  };
  const all = imagesToTensor(loadImageDataset(record.dataset, { split: 'test', dir: record.dataDir }), { preprocessing: 'unit', flatten: false });
  const test = options.reference !== undefined && options.reference < all.shape[0] ? tf.slice(all, 0, options.reference) : all;
  if (test !== all) all.dispose();
  try {
    log(`generating ${options.n} samples from ${record.modelType} at step ${run.step} and comparing with ${test.shape[0]} test images`);
    return await computeSampleQuality(samples, test, { network, metrics: options.metrics, inputRange: record.sampleRange });
  } finally {
    test.dispose();
    network.dispose();
  }
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
    .option('--metrics <list>', 'metrics: fid, kid, pr, is, histogram', metricList, ['fid', 'kid', 'pr', 'histogram'] as SampleMetric[])
    .option('--seed <n>', 'sampling seed', integer, 1)
    .option('--batch-size <n>', 'samples generated at once', positiveInt, 500)
    .option('--reference <n>', 'compare with the first n test images only (quick checks; figures are then not bench-spec)', positiveInt)
    .option('--json', 'print the report as JSON', false)
    .addOption(backendOption())
    .action(async (run: string, options) => {
      const report = await qualityCommand(run, options, log);
      process.stdout.write(`${options.json ? JSON.stringify(report) : formatSampleQualityReport(report)}\n`);
    });
}
