/**
 * `genmodels eval <run> [--metrics nll,fid,kid,pr]`: the run's figures on the test split, through
 * the eval package, so every family is reported under one convention. The likelihood figure says
 * what kind of number it is (exact NLL, negative ELBO, IWAE with K, diffusion bound) and is never a
 * bound printed as a likelihood; sample metrics run on the eval package's classifier features.
 */
import { isBoundModel, isLikelihoodModel } from '@genmodels/core-nn';
import type { LikelihoodReport, SampleMetric, SampleQualityReport } from '@genmodels/eval';
import { SAMPLE_METRICS, evaluateLikelihood, formatLikelihoodReport, formatSampleQualityReport, likelihoodLabel } from '@genmodels/eval';
import * as tf from '@tensorflow/tfjs-core';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, log, positiveInt } from '../cli-options.js';
import { loadRun } from '../load-run.js';
import { disposeTrainingData, loadTrainingData } from '../training-data.js';
import { runQuality } from './quality.js';

export type EvalMetric = 'nll' | SampleMetric;

export interface EvalCommandOptions {
  split: 'train' | 'test';
  /** Default: 'nll' for models with a likelihood or bound, sample metrics otherwise. */
  metrics?: EvalMetric[];
  iwaeSamples?: number;
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

interface FlowLikeConfig {
  preprocessing?: unknown;
}

export async function evalCommand(runDir: string, options: EvalCommandOptions, log: (line: string) => void): Promise<EvalResult> {
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, log);
  const { record, entry, model } = run;
  const hasLikelihood = isLikelihoodModel(model) || isBoundModel(model);
  const metrics = options.metrics ?? (hasLikelihood ? ['nll'] : ['fid', 'kid', 'pr', 'histogram']);
  const result: EvalResult = { run: runDir, modelType: record.modelType, step: run.step, dataset: record.dataset, split: options.split };
  try {
    if (metrics.includes('nll')) {
      const data = loadTrainingData(record.dataset, {
        ...entry.dataRequest(record.imageShape ? 'image' : 'points'),
        dir: record.dataDir,
        seed: record.seed,
      });
      try {
        const all = options.split === 'test' ? data.test : data.train;
        const count = Math.min(all.shape[0], options.maxExamples ?? Infinity);
        const batchSize = options.batchSize;
        const batches = {
          *[Symbol.iterator]() {
            for (let start = 0; start < count; start += batchSize) yield tf.slice(all, start, Math.min(batchSize, count - start));
          },
        };
        // Flows that dequantize inside the model already count the dequantization and logit
        // log-determinants in logProb; their figure on 8-bit images is a bound (Theis et al. 2016).
        const dequantizedInside = (model.config as FlowLikeConfig).preprocessing === 'dequantize-logit';
        const iwae = options.iwaeSamples !== undefined && options.iwaeSamples > 1;
        let report: LikelihoodReport;
        try {
          report = await evaluateLikelihood(model, batches, {
            ...(iwae ? { kind: 'iwae' as const, numImportanceSamples: options.iwaeSamples } : {}),
            preprocessing: dequantizedInside ? 'uniform dequantization + logit transform, inside the model' : data.preprocessingDescription,
            dims: all.shape.slice(1).reduce((a, b) => a * b, 1),
            seed: options.seed,
            disposeBatches: true,
          });
        } catch (error) {
          throw new CliError((error as Error).message.split('\n')[0]);
        }
        if (dequantizedInside && !report.isBound) {
          report = {
            ...report,
            isBound: true,
            label: likelihoodLabel(report.kind, { dequantized: true }),
            notes: [...report.notes, 'the flow dequantizes 8-bit pixels itself: -log p is an upper bound on the discrete NLL'],
          };
        }
        result.likelihood = report;
      } finally {
        disposeTrainingData(data);
      }
    }
    const sampleMetrics = metrics.filter((m): m is SampleMetric => m !== 'nll');
    if (sampleMetrics.length > 0) {
      result.sampleQuality = await runQuality(
        run,
        runDir,
        { n: options.n, metrics: sampleMetrics, seed: options.seed, batchSize: 500, reference: options.reference },
        log,
      );
    }
    return result;
  } finally {
    model.dispose();
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
    .option('--max-examples <n>', 'nll on only the first n examples', positiveInt)
    .option('--batch-size <n>', 'evaluation batch size', positiveInt, 500)
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
