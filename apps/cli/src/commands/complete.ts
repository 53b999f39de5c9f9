/**
 * `genmodels complete <run>`: image completion with a trained model that can inpaint
 * (autoregressive models: known pixels are kept exactly, unknown ones are sampled in the model's
 * order conditioned on everything before them). Writes one row per image: the original, the
 * masked input (unknown pixels grey) and `--completions` samples side by side.
 */
import { isConditionalModel, isInpaintingModel } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, integer, log, positiveInt, positiveNumber } from '../cli-options.js';
import { writeImageGrid } from '../image-grid.js';
import { loadRun } from '../load-run.js';
import { checkSampleOptions } from '../sample-options.js';
import { disposeTrainingData, loadTrainingData } from '../training-data.js';

export const KNOWN_REGIONS = ['top-half', 'left-half', 'top-quarter', 'top-three-quarters', 'checkerboard'] as const;
export type KnownRegion = (typeof KNOWN_REGIONS)[number];

export interface CompleteOptions {
  imageIndex: number[];
  known: KnownRegion;
  completions: number;
  out: string;
  split: 'test' | 'train';
  seed: number;
  temperature?: number;
  backend?: string;
}

/** The known-pixel mask [height, width, 1] (1 = known) of a named region. */
export function knownMask(region: KnownRegion, height: number, width: number): Float32Array {
  const mask = new Float32Array(height * width);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const known =
        region === 'top-half'
          ? r < height / 2
          : region === 'left-half'
            ? c < width / 2
            : region === 'top-quarter'
              ? r < height / 4
              : region === 'top-three-quarters'
                ? r < (3 * height) / 4
                : (r + c) % 2 === 0;
      mask[r * width + c] = known ? 1 : 0;
    }
  }
  return mask;
}

export async function completeCommand(runDir: string, options: CompleteOptions, write: (line: string) => void): Promise<void> {
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, write);
  const { record, entry, model } = run;
  try {
    if (!isInpaintingModel(model)) throw new CliError(`${record.modelType} cannot complete images (it has no inpaint method)`);
    const sampling = checkSampleOptions(entry, options.temperature !== undefined ? { temperature: options.temperature } : {}, { temperature: '--temperature' }, 'inpaint');
    if (!record.imageShape) throw new CliError(`${record.modelType} was trained on points, not images; complete needs an image model`);
    const [height, width, channels] = record.imageShape;
    const data = loadTrainingData(record.dataset, { ...entry.dataRequest('image'), dir: record.dataDir, seed: record.seed });
    try {
      const images = options.split === 'test' ? data.test : data.train;
      const labels = options.split === 'test' ? data.testLabels : data.trainLabels;
      const count = images.shape[0];
      const bad = options.imageIndex.find((i) => i >= count);
      if (bad !== undefined) throw new CliError(`--image-index ${bad} is out of range: the ${options.split} split has ${count} images`);
      const k = options.completions;
      const conditional = isConditionalModel(model) && model.numClasses > 0;
      const labelValues = Array.from(labels.dataSync());
      const rows: tf.Tensor[] = [];
      try {
        options.imageIndex.forEach((index, row) => {
          rows.push(
            tf.tidy(() => {
              const original = tf.reshape(tf.slice(images, index, 1), [1, height, width, channels]);
              const mask = tf.tensor4d(knownMask(options.known, height, width), [1, height, width, 1]);
              const masked = tf.add(tf.mul(original, mask), tf.mul(tf.sub(1, mask), 0.5));
              const batch = tf.tile(original, [k, 1, 1, 1]);
              const completed = model.inpaint(batch, tf.tile(mask, [k, 1, 1, 1]), {
                ...sampling,
                seed: options.seed + row,
                ...(conditional ? { labels: new Array<number>(k).fill(labelValues[index]) } : {}),
              });
              return tf.concat([original, masked, completed], 0);
            }),
          );
        });
        const grid = tf.concat(rows, 0);
        try {
          await writeImageGrid(grid, options.out, { columns: k + 2, range: record.sampleRange });
        } finally {
          grid.dispose();
        }
      } finally {
        tf.dispose(rows);
      }
      write(
        `wrote ${options.imageIndex.length} row(s) (original, masked input with ${options.known} known, ${k} completions) from ${record.modelType} at step ${run.step} to ${options.out}`,
      );
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

export function registerCompleteCommand(program: Command): void {
  program
    .command('complete')
    .description('complete images from a region of known pixels (models that can inpaint: the autoregressive family); known pixels never change')
    .argument('<run>', 'run directory')
    .requiredOption('--image-index <list>', 'index of the image(s) in the split, e.g. 0 or 0,5,9', indexList)
    .addOption(new Option('--known <region>', 'which pixels are given').choices([...KNOWN_REGIONS]).default('top-half'))
    .option('--completions <n>', 'samples per image', positiveInt, 6)
    .option('--out <file>', 'PNG to write', 'completions.png')
    .addOption(new Option('--split <split>', 'dataset split to take images from').choices(['test', 'train']).default('test'))
    .option('--seed <n>', 'sampling seed', integer, 1)
    .option('--temperature <t>', 'sampling temperature', positiveNumber)
    .addOption(backendOption())
    .action(async (runDir: string, options: CompleteOptions) => {
      await completeCommand(runDir, options, log);
    });
}
