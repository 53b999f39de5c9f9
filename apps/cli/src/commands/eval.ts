/**
 * `genmodels eval <run>`: the run's likelihood figure on the test split. For a VAE that is the
 * negative ELBO (an upper bound on the NLL), or the IWAE estimate with K samples; never
 * printed as a likelihood.
 */
import { isBoundModel, isLikelihoodModel } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { type Command, Option } from 'commander';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, log, positiveInt } from '../cli-options.js';
import { loadRun } from '../load-run.js';
import { disposeTrainingData, loadTrainingData } from '../training-data.js';

export interface EvalCommandOptions {
  split: 'train' | 'test';
  iwaeSamples?: number;
  maxExamples?: number;
  batchSize: number;
  seed: number;
  backend?: string;
  json: boolean;
}

export interface EvalResult {
  run: string;
  modelType: string;
  step: number;
  dataset: string;
  split: string;
  preprocessing: string;
  numExamples: number;
  dims: number;
  kind: 'negative-elbo' | 'iwae' | 'exact-nll';
  numImportanceSamples?: number;
  natsPerExample: number;
  standardError: number;
  bitsPerDim: number;
}

export async function evalCommand(runDir: string, options: EvalCommandOptions, log: (line: string) => void): Promise<EvalResult> {
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, log);
  const { record, entry, model } = run;
  const data = loadTrainingData(record.dataset, {
    ...entry.dataRequest(record.imageShape ? 'image' : 'points'),
    dir: record.dataDir,
    seed: record.seed,
  });
  try {
    const all = options.split === 'test' ? data.test : data.train;
    const count = Math.min(all.shape[0], options.maxExamples ?? Infinity);
    const dims = all.shape.slice(1).reduce((a, b) => a * b, 1);
    let perExample: (x: tf.Tensor, batchIndex: number) => tf.Tensor1D;
    let kind: EvalResult['kind'];
    if (isLikelihoodModel(model)) {
      kind = 'exact-nll';
      perExample = (x) => tf.neg(model.logProb(x));
    } else if (isBoundModel(model)) {
      const k = options.iwaeSamples ?? 1;
      kind = k > 1 ? 'iwae' : 'negative-elbo';
      perExample = (x, i) => tf.neg(model.elbo(x, { numImportanceSamples: k, seed: options.seed + i }));
    } else {
      throw new CliError(`${record.modelType} has neither an exact likelihood nor a bound to evaluate`);
    }
    let sum = 0;
    let sumSquares = 0;
    for (let start = 0, i = 0; start < count; start += options.batchSize, i++) {
      const size = Math.min(options.batchSize, count - start);
      const values = tf.tidy(() => perExample(tf.slice(all, start, size), i + 1));
      for (const v of await values.data()) {
        sum += v;
        sumSquares += v * v;
      }
      values.dispose();
    }
    const mean = sum / count;
    const variance = Math.max(0, sumSquares / count - mean * mean) * (count / Math.max(1, count - 1));
    const result: EvalResult = {
      run: runDir,
      modelType: record.modelType,
      step: run.step,
      dataset: record.dataset,
      split: options.split,
      preprocessing: data.preprocessingDescription,
      numExamples: count,
      dims,
      kind,
      ...(kind === 'iwae' ? { numImportanceSamples: options.iwaeSamples } : {}),
      natsPerExample: mean,
      standardError: Math.sqrt(variance / count),
      bitsPerDim: mean / (dims * Math.LN2),
    };
    return result;
  } finally {
    model.dispose();
    disposeTrainingData(data);
  }
}

const KIND_LABELS: Record<EvalResult['kind'], string> = {
  'negative-elbo': 'negative ELBO (an upper bound on the NLL)',
  iwae: 'IWAE estimate of the NLL (an upper bound that tightens with K)',
  'exact-nll': 'exact NLL',
};

export function formatEvalResult(result: EvalResult): string {
  const k = result.numImportanceSamples ? `, K = ${result.numImportanceSamples}` : '';
  return [
    `${result.modelType} run ${result.run} at step ${result.step}`,
    `data: ${result.dataset} ${result.split} split, ${result.numExamples} examples, ${result.preprocessing}`,
    `${KIND_LABELS[result.kind]}${k}: ${result.natsPerExample.toFixed(2)} ± ${result.standardError.toFixed(2)} nats per example ` +
      `(${result.bitsPerDim.toFixed(4)} bits/dim over ${result.dims} dims)`,
  ].join('\n');
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('test-set likelihood figure of a run (negative ELBO / IWAE for VAEs), in nats and bits/dim')
    .argument('<run>', 'run directory')
    .addOption(new Option('--split <split>', 'data split').choices(['test', 'train']).default('test'))
    .option('--iwae <k>', 'importance samples for the IWAE estimate (VAEs)', positiveInt)
    .option('--max-examples <n>', 'evaluate only the first n examples', positiveInt)
    .option('--batch-size <n>', 'evaluation batch size', positiveInt, 500)
    .option('--seed <n>', 'seed of the evaluation noise', positiveInt, 1)
    .option('--json', 'print the result as JSON', false)
    .addOption(backendOption())
    .action(async (run: string, options) => {
      const result = await evalCommand(
        run,
        {
          split: options.split,
          iwaeSamples: options.iwae,
          maxExamples: options.maxExamples,
          batchSize: options.batchSize,
          seed: options.seed,
          backend: options.backend,
          json: options.json,
        },
        log,
      );
      process.stdout.write(`${options.json ? JSON.stringify(result) : formatEvalResult(result)}\n`);
    });
}
