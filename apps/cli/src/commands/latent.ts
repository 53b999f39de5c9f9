/**
 * `genmodels latent <run>`: for a model with a 2-D latent space, the latent manifold (decodings of
 * a grid of codes at Gaussian quantiles, Kingma & Welling 2014 fig. 4) as a PNG, and the encoded
 * test set as a scatter plot coloured by class (SVG or PNG by the file extension). Train such a
 * run with `--latent-dim 2`.
 */
import type { GenerativeModel } from '@genmodels/core-nn';
import { isConditionalModel, isLatentModel } from '@genmodels/core-nn';
import { IMAGE_CLASS_NAMES, isImageDatasetName } from '@genmodels/core-data';
import { latentGrid } from '@genmodels/vae';
import * as tf from '@tensorflow/tfjs-core';
import type { Command } from 'commander';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, integer, log, positiveInt } from '../cli-options.js';
import { writeClassScatter } from '../class-scatter.js';
import { writeImageGrid } from '../image-grid.js';
import { loadRun } from '../load-run.js';
import { disposeTrainingData, loadTrainingData } from '../training-data.js';

export interface LatentOptions {
  grid: number;
  out: string;
  scatter?: string;
  n: number;
  label?: number;
  batchSize: number;
  backend?: string;
}

type TwoD = GenerativeModel & {
  latentShape: readonly number[];
  encode?(x: tf.Tensor, labels?: { labels?: tf.Tensor1D | number[] }): tf.Tensor;
  decode(z: tf.Tensor, labels?: { labels?: number[] }): tf.Tensor;
};

export async function latentCommand(runDir: string, options: LatentOptions, log: (line: string) => void): Promise<void> {
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, log);
  const model = run.model as TwoD;
  const { record } = run;
  try {
    if (!isLatentModel(model)) throw new CliError(`${record.modelType} has no latent space`);
    const size = model.latentShape.reduce((a, b) => a * b, 1);
    if (size !== 2) throw new CliError(`${record.modelType} in ${runDir} has a ${size}-dimensional latent space; the manifold and scatter need 2 (train with --latent-dim 2)`);
    const conditional = isConditionalModel(model);
    if (record.imageShape) {
      const n = options.grid * options.grid;
      const images = tf.tidy(() => {
        const codes = latentGrid(options.grid);
        const labels = conditional ? { labels: new Array<number>(n).fill(options.label ?? 0) } : undefined;
        return tf.reshape(model.decode(codes, labels), [n, ...record.imageShape!]);
      });
      await writeImageGrid(images, options.out, { columns: options.grid, range: record.sampleRange, scale: 1 });
      images.dispose();
      log(`wrote the ${options.grid}x${options.grid} latent manifold${conditional ? ` of class ${options.label ?? 0}` : ''} to ${options.out}`);
    }
    if (options.scatter) {
      if (typeof model.encode !== 'function') throw new CliError(`${record.modelType} cannot encode; drop --scatter`);
      const data = loadTrainingData(record.dataset, { ...run.entry.dataRequest(record.imageShape ? 'image' : 'points'), dir: record.dataDir, seed: record.seed });
      try {
        const n = Math.min(options.n, data.test.shape[0]);
        const points: number[] = [];
        for (let start = 0; start < n; start += options.batchSize) {
          const count = Math.min(options.batchSize, n - start);
          const codes = tf.tidy(() => {
            const x = tf.slice(data.test, start, count);
            return model.encode!(x, conditional ? { labels: tf.slice(data.testLabels, start, count) } : undefined);
          });
          points.push(...(await codes.data()));
          codes.dispose();
        }
        const labels = Array.from(await data.testLabels.data()).slice(0, n);
        const names = isImageDatasetName(record.dataset) ? IMAGE_CLASS_NAMES[record.dataset] : undefined;
        writeClassScatter(points, labels, options.scatter, names);
        log(`wrote the encoded ${record.dataset} test set (${n} points, posterior means) by class to ${options.scatter}`);
      } finally {
        disposeTrainingData(data);
      }
    }
  } finally {
    model.dispose();
  }
}

export function registerLatentCommand(program: Command): void {
  program
    .command('latent')
    .description('for a 2-D latent space: the latent manifold as an image grid, and the encoded test set as a scatter plot by class')
    .argument('<run>', 'run directory')
    .option('--grid <n>', 'manifold grid size (n x n decodings)', positiveInt, 20)
    .option('--out <file>', 'manifold PNG', 'manifold.png')
    .option('--scatter <file>', 'scatter plot of the encoded test set (.svg or .png)')
    .option('--n <n>', 'test examples in the scatter plot', positiveInt, 5000)
    .option('--label <k>', 'class of the manifold (conditional models)', integer)
    .option('--batch-size <n>', 'encoding batch size', positiveInt, 500)
    .addOption(backendOption())
    .action(async (run: string, options) => {
      await latentCommand(run, options, log);
    });
}
