/**
 * `genmodels anomaly <run> --dataset mnist`: scores the run's own test split and the test split
 * of another dataset with the model's anomaly score (VAEs: negative ELBO, or the IWAE estimate
 * with --iwae K; autoencoders: reconstruction error; conditional VAEs: -log of the label-
 * marginalized bound, log (1/C) sum_y exp(bound(x, y))), and prints the ROC AUC of telling the
 * other dataset from the own one (1 = perfect, 0.5 = chance). Writes reconstruction error maps of
 * the first images of both (rows: own images, their maps, other images, their maps).
 * Generic over capabilities: models with an exact likelihood (LikelihoodModel: flows,
 * autoregressive models) are scored by -log p(x); error maps need `reconstructionError`.
 */
import type { GenerativeModel } from '@genmodels/core-nn';
import { isConditionalModel, isLikelihoodModel } from '@genmodels/core-nn';
import { type Autoencoder, type VAE, anomalyScores, describeAnomalyScore, rocAuc } from '@genmodels/vae';
import * as tf from '@tensorflow/tfjs-core';
import type { Command } from 'commander';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, integer, log, positiveInt } from '../cli-options.js';
import { writeImageGrid } from '../image-grid.js';
import { loadRun } from '../load-run.js';
import { DATASET_NAMES, disposeTrainingData, loadTrainingData } from '../training-data.js';

export interface AnomalyOptions {
  dataset: string;
  n: number;
  iwae?: number;
  batchSize: number;
  seed: number;
  out: string;
  maps: number;
  backend?: string;
  json: boolean;
}

export interface AnomalyResult {
  run: string;
  modelType: string;
  inDistribution: string;
  outOfDistribution: string;
  numExamples: number;
  score: string;
  meanScoreIn: number;
  meanScoreOut: number;
  rocAuc: number;
  out: string;
}

type Scored = GenerativeModel & (VAE | Autoencoder) & { numClasses?: number };

async function scoreAll(model: Scored, x: tf.Tensor, options: AnomalyOptions): Promise<number[]> {
  const out: number[] = [];
  const k = options.iwae ?? 1;
  for (let start = 0, i = 0; start < x.shape[0]; start += options.batchSize, i++) {
    const size = Math.min(options.batchSize, x.shape[0] - start);
    const scores = tf.tidy(() => {
      const batch = tf.slice(x, start, size);
      const seed = options.seed + i;
      if (isLikelihoodModel(model)) return tf.neg(model.logProb(batch));
      if (!isConditionalModel(model)) return anomalyScores(model, batch, { numImportanceSamples: k, seed });
      // -log p(x) with a uniform label prior: -(logsumexp_y bound(x, y) - log C).
      const perClass = Array.from({ length: model.numClasses }, (_, y) =>
        tf.neg(anomalyScores(model, batch, { numImportanceSamples: k, seed, labels: new Array<number>(size).fill(y) })),
      );
      return tf.neg(tf.sub(tf.logSumExp(tf.stack(perClass), 0), Math.log(model.numClasses)));
    });
    out.push(...(await scores.data()));
    scores.dispose();
  }
  return out;
}

export async function anomalyCommand(runDir: string, options: AnomalyOptions, log: (line: string) => void): Promise<AnomalyResult> {
  if (!DATASET_NAMES.includes(options.dataset)) throw new CliError(`unknown dataset "${options.dataset}"; choose one of: ${DATASET_NAMES.join(', ')}`);
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, log);
  const { record, entry } = run;
  const model = run.model as Scored;
  const hasMaps = typeof (model as { reconstructionError?: unknown }).reconstructionError === 'function';
  if (!hasMaps && !isLikelihoodModel(model)) {
    model.dispose();
    throw new CliError(`${record.modelType} has no anomaly score (it has neither an exact likelihood nor a reconstruction)`);
  }
  if (options.dataset === record.dataset) log(`warning: ${options.dataset} is the dataset ${runDir} was trained on; the AUC should be near 0.5`);
  const kind = record.imageShape ? 'image' : 'points';
  const request = { ...entry.dataRequest(kind), seed: record.seed };
  const own = loadTrainingData(record.dataset, { ...request, dir: record.dataDir });
  let other;
  try {
    other = loadTrainingData(options.dataset, request);
  } catch (error) {
    disposeTrainingData(own);
    model.dispose();
    throw error;
  }
  try {
    if (own.test.shape.slice(1).join('x') !== other.test.shape.slice(1).join('x')) {
      throw new CliError(`${options.dataset} examples are shaped [${other.test.shape.slice(1)}], the model's are [${own.test.shape.slice(1)}]`);
    }
    const n = Math.min(options.n, own.test.shape[0], other.test.shape[0]);
    const xin = tf.slice(own.test, 0, n);
    const xout = tf.slice(other.test, 0, n);
    try {
      const scoresIn = await scoreAll(model, xin, options);
      const scoresOut = await scoreAll(model, xout, options);
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      if (record.imageShape && options.maps > 0 && hasMaps) {
        const m = Math.min(options.maps, n);
        const labelsOf = (labels: tf.Tensor1D) => (isConditionalModel(model) ? { labels: tf.slice(labels, 0, m) } : undefined);
        const grid = tf.tidy(() => {
          const rows: tf.Tensor[] = [];
          for (const [x, labels] of [
            [xin, own.testLabels],
            [xout, other.testLabels],
          ] as const) {
            const images = tf.slice(x, 0, m);
            const errors = model.reconstructionError(images, labelsOf(labels) as never);
            // Each map scaled by its own maximum so the worst-explained pixels are white.
            const flat = tf.reshape(errors, [m, -1]);
            const scaled = tf.div(flat, tf.add(tf.max(flat, 1, true), 1e-6));
            rows.push(tf.reshape(images, [m, -1]), scaled);
          }
          return tf.reshape(tf.concat(rows), [4 * m, ...record.imageShape!]);
        });
        await writeImageGrid(grid, options.out, { columns: m, range: 'unit', scale: 2 });
        grid.dispose();
      }
      return {
        run: runDir,
        modelType: record.modelType,
        inDistribution: `${record.dataset} test`,
        outOfDistribution: `${options.dataset} test`,
        numExamples: n,
        score: isLikelihoodModel(model)
          ? 'exact -log p(x) (nats)'
          : `${describeAnomalyScore(model, options.iwae ?? 1)}${isConditionalModel(model) ? ', marginalized over labels' : ''}`,
        meanScoreIn: mean(scoresIn),
        meanScoreOut: mean(scoresOut),
        rocAuc: rocAuc(scoresIn, scoresOut),
        out: hasMaps && record.imageShape && options.maps > 0 ? options.out : '(none: the model has no reconstruction)',
      };
    } finally {
      tf.dispose([xin, xout]);
    }
  } finally {
    model.dispose();
    disposeTrainingData(own);
    disposeTrainingData(other);
  }
}

export function formatAnomalyResult(r: AnomalyResult): string {
  return [
    `${r.modelType} run ${r.run}; score: ${r.score}`,
    `mean score: ${r.inDistribution} ${r.meanScoreIn.toFixed(2)}, ${r.outOfDistribution} ${r.meanScoreOut.toFixed(2)} (${r.numExamples} images each)`,
    `ROC AUC (${r.outOfDistribution} as anomalies): ${r.rocAuc.toFixed(4)}`,
    `reconstruction error maps: ${r.out}`,
  ].join('\n');
}

export function registerAnomalyCommand(program: Command): void {
  program
    .command('anomaly')
    .description("score another dataset against the run's own test set (VAEs: -ELBO / IWAE; autoencoders: reconstruction error) and print the ROC AUC")
    .argument('<run>', 'run directory')
    .requiredOption('--dataset <name>', `the other dataset: ${DATASET_NAMES.join(', ')}`)
    .option('--n <n>', 'test images scored from each dataset', positiveInt, 1000)
    .option('--iwae <k>', 'importance samples (VAEs): score the IWAE estimate of -log p(x) instead of -ELBO', positiveInt)
    .option('--batch-size <n>', 'scoring batch size', positiveInt, 250)
    .option('--seed <n>', 'seed of the scoring noise', integer, 1)
    .option('--out <file>', 'PNG of reconstruction error maps', 'anomaly-maps.png')
    .option('--maps <n>', 'images per dataset in the error-map PNG (0: none)', integer, 8)
    .option('--json', 'print the result as JSON', false)
    .addOption(backendOption())
    .action(async (run: string, options) => {
      const result = await anomalyCommand(run, options, log);
      process.stdout.write(`${options.json ? JSON.stringify(result) : formatAnomalyResult(result)}\n`);
    });
}
