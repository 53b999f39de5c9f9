/**
 * `genmodels eval <run> [--metrics nll,fid,kid,pr]`: the run's figures on the test split, through
 * the eval package, so every family is reported under one convention. The likelihood figure is
 * what the model declares (exact NLL, negative ELBO, IWAE with K, diffusion bound; conditional
 * models are given their test labels and the figure says so) and is never a bound printed as a
 * likelihood; sample metrics run on the eval package's classifier features. Batches are split so
 * that the model's intermediates fit the backend's memory, long work shows progress, and Ctrl-C
 * stops it with one line.
 */
import { describePreprocessing, imagesToTensor, isImageDatasetName } from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import { BatchTooLargeError, isConditionalModel } from '@genmodels/core-nn';
import type { LikelihoodBatch, LikelihoodReport, SampleMetric, SampleQualityReport } from '@genmodels/eval';
import { SAMPLE_METRICS, defaultLikelihoodKind, evaluateLikelihood, formatLikelihoodReport, formatSampleQualityReport } from '@genmodels/eval';
import * as tf from '@tensorflow/tfjs-core';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, log, positiveInt } from '../cli-options.js';
import { type LoadedRun, loadRun } from '../load-run.js';
import { disposeTrainingData, loadTrainingData } from '../training-data.js';
import { startProgress } from '../progress-reporter.js';
import { interruptible } from '../step-progress.js';
import { checkQualityRequest, DEFAULT_SAMPLE_METRICS, runQuality } from './quality.js';

export type EvalMetric = 'nll' | SampleMetric;

export interface EvalCommandOptions {
  split: 'train' | 'test';
  /** Default: 'nll' for models with a likelihood or bound, sample metrics otherwise. */
  metrics?: EvalMetric[];
  iwaeSamples?: number;
  /** At most this many examples: test examples for nll, samples and reference images for sample metrics. */
  maxExamples?: number;
  batchSize: number;
  seed: number;
  /** Samples generated for sample metrics. */
  n: number;
  /** Compare samples with only the first n test images. */
  reference?: number;
  backend?: string;
}

export interface EvalResult {
  run: string;
  modelType: string;
  step: number;
  dataset: string;
  split: string;
  likelihood?: LikelihoodReport;
  sampleQuality?: SampleQualityReport;
}

export async function evalCommand(runDir: string, options: EvalCommandOptions, log: (line: string) => void): Promise<EvalResult> {
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, log);
  const { model } = run;
  try {
    return await interruptible(`eval of ${runDir}`, (signal) => evaluateRun(run, runDir, options, signal, log), log);
  } finally {
    model.dispose();
  }
}

async function evaluateRun(run: LoadedRun, runDir: string, options: EvalCommandOptions, signal: AbortSignal, log: (line: string) => void): Promise<EvalResult> {
  const { record, model } = run;
  const kind = defaultLikelihoodKind(model);
  const metrics: readonly EvalMetric[] = options.metrics ?? (kind !== null ? ['nll'] : DEFAULT_SAMPLE_METRICS);
  const result: EvalResult = { run: runDir, modelType: record.modelType, step: run.step, dataset: record.dataset, split: options.split };
  if (metrics.includes('nll') && kind === null) {
    throw new CliError(
      `a ${record.modelType} run on ${record.dataset} has no likelihood or bound to report; ask for sample metrics instead (--metrics ${DEFAULT_SAMPLE_METRICS.join(',')})`,
    );
  }
  const sampleMetrics = metrics.filter((m): m is SampleMetric => m !== 'nll');
  const cap = options.maxExamples ?? Infinity;
  const reference = Math.min(options.reference ?? Infinity, cap);
  const qualityOptions = {
    n: Math.min(options.n, cap),
    metrics: sampleMetrics,
    seed: options.seed,
    batchSize: options.batchSize,
    ...(reference !== Infinity ? { reference } : {}),
    signal,
    countOptions: {
      samples: cap < options.n ? '--max-examples' : '--n',
      reference: cap < (options.reference ?? Infinity) ? '--max-examples' : '--reference',
    },
  };
  // Refuse a sample-metric request that cannot run before spending the likelihood's time.
  if (sampleMetrics.length > 0) checkQualityRequest(run, runDir, qualityOptions);
  if (metrics.includes('nll')) result.likelihood = await evaluateRunLikelihood(run, options, signal, log);
  if (sampleMetrics.length > 0) result.sampleQuality = await runQuality(run, runDir, qualityOptions, log);
  return result;
}

/** The evaluation split as the model was trained on it (first `maxExamples` only), with its labels. */
function loadEvalData(run: LoadedRun, split: 'train' | 'test', maxExamples: number): { x: tf.Tensor; labels: tf.Tensor1D; description: string } {
  const { record, entry } = run;
  if (isImageDatasetName(record.dataset)) {
    const request = entry.dataRequest('image');
    const images = loadImageDataset(record.dataset, { split, dir: record.dataDir });
    const count = Math.min(images.count, maxExamples);
    const indices = count < images.count ? Int32Array.from({ length: count }, (_, i) => i) : undefined;
    return {
      x: imagesToTensor(images, { preprocessing: request.preprocessing, flatten: request.flatten, ...(indices ? { indices } : {}) }),
      labels: tf.tensor1d(Int32Array.from(images.labels.subarray(0, count)), 'int32'),
      description: describePreprocessing(request.preprocessing).description,
    };
  }
  const data = loadTrainingData(record.dataset, { ...entry.dataRequest('points'), dir: record.dataDir, seed: record.seed });
  try {
    const all = split === 'test' ? data.test : data.train;
    const labels = split === 'test' ? data.testLabels : data.trainLabels;
    const count = Math.min(all.shape[0], maxExamples);
    return { x: tf.slice(all, 0, count), labels: tf.slice(labels, 0, count) as tf.Tensor1D, description: data.preprocessingDescription };
  } finally {
    disposeTrainingData(data);
  }
}

async function evaluateRunLikelihood(
  run: LoadedRun,
  options: EvalCommandOptions,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<LikelihoodReport> {
  const { model } = run;
  const { x, labels, description } = loadEvalData(run, options.split, options.maxExamples ?? Infinity);
  const conditional = isConditionalModel(model);
  const count = x.shape[0];
  const { batchSize } = options;
  const batches: Iterable<LikelihoodBatch> = {
    *[Symbol.iterator]() {
      for (let start = 0; start < count; start += batchSize) {
        const size = Math.min(batchSize, count - start);
        const xs = tf.slice(x, start, size);
        yield conditional ? { x: xs, labels: tf.slice(labels, start, size) as tf.Tensor1D } : xs;
      }
    },
  };
  const iwae = options.iwaeSamples !== undefined && options.iwaeSamples > 1;
  if (conditional) log(`conditional model: each test example is scored given its class label`);
  const progress = startProgress(`nll on the ${options.split} split`, count, { unit: 'example' });
  try {
    return await evaluateLikelihood(model, batches, {
      ...(iwae ? { kind: 'iwae' as const, numImportanceSamples: options.iwaeSamples } : {}),
      preprocessing: description,
      dims: x.shape.slice(1).reduce((a, b) => a * b, 1),
      seed: options.seed,
      disposeBatches: true,
      onProgress: (done) => progress.update(done),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (error instanceof BatchTooLargeError) throw new CliError(error.message);
    throw new CliError((error as Error).message.split('\n')[0]);
  } finally {
    progress.done();
    tf.dispose([x, labels]);
  }
}

export function formatEvalResult(result: EvalResult): string {
  const lines = [`${result.modelType} run ${result.run} at step ${result.step}, ${result.dataset} ${result.split} split`];
  if (result.likelihood) lines.push(formatLikelihoodReport(result.likelihood));
  if (result.sampleQuality) lines.push(formatSampleQualityReport(result.sampleQuality));
  return lines.join('\n');
}

const EVAL_METRICS: readonly string[] = ['nll', ...SAMPLE_METRICS.filter((m) => m !== 'memorization')];

function metricList(value: string): EvalMetric[] {
  const metrics = value.split(',').map((m) => m.trim());
  if (metrics.length === 0 || !metrics.every((m) => EVAL_METRICS.includes(m))) {
    throw new InvalidArgumentError(`expected a comma-separated list of ${EVAL_METRICS.join(', ')}`);
  }
  return metrics as EvalMetric[];
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('figures of a run on the test split: nll (exact NLL, or the ELBO / IWAE bound) and fid, kid, pr, is, histogram')
    .argument('<run>', 'run directory')
    .option('--metrics <list>', `any of ${EVAL_METRICS.join(', ')} (default: nll, or sample metrics for models without a likelihood)`, metricList)
    .addOption(new Option('--split <split>', 'data split for nll').choices(['test', 'train']).default('test'))
    .option('--iwae <k>', 'importance samples for the IWAE estimate (VAEs)', positiveInt)
    .option('--max-examples <n>', 'at most n examples: test examples for nll, samples and reference images for sample metrics (quick checks)', positiveInt)
    .option('--batch-size <n>', 'examples per model call at most; smaller when the intermediates would not fit the backend memory', positiveInt, 500)
    .option('--n <n>', 'samples generated for sample metrics (bench-spec: 10000)', positiveInt, 10_000)
    .option('--reference <n>', 'compare samples with only the first n test images (quick checks)', positiveInt)
    .option('--seed <n>', 'seed of the evaluation noise and samples', positiveInt, 1)
    .option('--json', 'print the result as JSON', false)
    .addOption(backendOption())
    .action(async (run: string, options) => {
      const result = await evalCommand(
        run,
        {
          split: options.split,
          metrics: options.metrics,
          iwaeSamples: options.iwae,
          maxExamples: options.maxExamples,
          batchSize: options.batchSize,
          seed: options.seed,
          n: options.n,
          reference: options.reference,
          backend: options.backend,
        },
        log,
      );
      process.stdout.write(`${options.json ? JSON.stringify(result) : formatEvalResult(result)}\n`);
    });
}
