/**
 * `genmodels nll-map <run>`: per-image NLL and per-pixel NLL maps of a model that exposes them
 * (the autoregressive family's nllMap: -log p(x_d | x_<d) per pixel, summing to the image's
 * exact NLL). Writes image / map pairs; white marks the most surprising pixel among them.
 */
import { isLikelihoodModel } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, log } from '../cli-options.js';
import { writeImageGrid } from '../image-grid.js';
import { loadRun } from '../load-run.js';
import { disposeTrainingData, loadTrainingData } from '../training-data.js';

export interface NllMapOptions {
  imageIndex: number[];
  split: 'test' | 'train';
  out: string;
  backend?: string;
}

interface NllMapModel {
  nllMap(x: tf.Tensor, labels?: tf.Tensor1D): tf.Tensor;
}

function hasNllMap(model: unknown): model is NllMapModel {
  return typeof (model as Partial<NllMapModel>).nllMap === 'function';
}

/** Returns the NLL (nats) of each chosen image after writing the image / map grid. */
export async function nllMapCommand(runDir: string, options: NllMapOptions, write: (line: string) => void): Promise<number[]> {
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, write);
  const { record, entry, model } = run;
  try {
    if (!isLikelihoodModel(model) || !hasNllMap(model) || !record.imageShape) {
      throw new CliError(`${record.modelType} has no per-pixel NLL map (autoregressive image models have one)`);
    }
    const data = loadTrainingData(record.dataset, { ...entry.dataRequest('image'), dir: record.dataDir, seed: record.seed });
    try {
      const all = options.split === 'test' ? data.test : data.train;
      const bad = options.imageIndex.find((i) => i >= all.shape[0]);
      if (bad !== undefined) throw new CliError(`--image-index ${bad} is out of range: the ${options.split} split has ${all.shape[0]} images`);
      const n = options.imageIndex.length;
      const shape = record.imageShape;
      const { grid, nll } = tf.tidy(() => {
        const x = tf.reshape(tf.gather(all, options.imageIndex), [n, ...shape]);
        const map = tf.reshape(model.nllMap(x), [n, ...shape]);
        const scaled = tf.div(map, tf.maximum(tf.max(map), 1e-6));
        return { grid: tf.reshape(tf.stack([x, scaled], 1), [2 * n, ...shape]), nll: tf.sum(map, [1, 2, 3]) };
      });
      const values = Array.from(await nll.data());
      nll.dispose();
      try {
        await writeImageGrid(grid, options.out, { columns: 2 });
      } finally {
        grid.dispose();
      }
      options.imageIndex.forEach((index, i) => process.stdout.write(`image ${index}: NLL ${values[i].toFixed(2)} nats\n`));
      write(`wrote ${n} image / per-pixel NLL map pair(s) to ${options.out}`);
      return values;
    } finally {
      disposeTrainingData(data);
    }
  } finally {
    model.dispose();
  }
}

function indexList(value: string): number[] {
  const list = value.split(',').map((part) => Number(part.trim()));
  if (!list.every((i) => Number.isInteger(i) && i >= 0)) throw new InvalidArgumentError('expected image indices, e.g. 0 or 0,5,9');
  return list;
}

export function registerNllMapCommand(program: Command): void {
  program
    .command('nll-map')
    .description('per-image exact NLL and per-pixel NLL maps (anomaly maps) of an autoregressive image model')
    .argument('<run>', 'run directory')
    .requiredOption('--image-index <list>', 'index of the image(s) in the split, e.g. 0 or 0,5,9', indexList)
    .addOption(new Option('--split <split>', 'dataset split').choices(['test', 'train']).default('test'))
    .option('--out <file>', 'PNG of image / NLL-map pairs', 'nll-map.png')
    .addOption(backendOption())
    .action(async (runDir: string, options: NllMapOptions) => {
      await nllMapCommand(runDir, options, log);
    });
}
