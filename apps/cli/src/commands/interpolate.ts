/**
 * `genmodels interpolate <run>`: decodes latent paths of a trained latent-variable model into a
 * grid, one path per row. Generic over LatentModel (latentShape + decode(z); any family): the
 * endpoints are drawn from the N(0, I) prior, or, with `--endpoints data` and a model that can
 * encode, are the codes of test examples. Conditional models decode every path with `--label`.
 */
import type { LatentModel } from '@genmodels/core-nn';
import { isConditionalModel, isLatentModel } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, integer, log, positiveInt } from '../cli-options.js';
import { writeImageGrid, writeScatterPlot } from '../image-grid.js';
import { LATENT_PATHS, type LatentPath, interpolateLatents } from '../latent-path.js';
import { loadRun } from '../load-run.js';
import { interpolateDiffusion, isDiffusionModel } from '../models/score-diffusion-commands.js';
import { disposeTrainingData, loadTrainingData } from '../training-data.js';
import { writeEncodedInterpolation } from '../encoded-interpolation.js';

export interface InterpolateOptions {
  out: string;
  rows: number;
  steps: number;
  path: LatentPath;
  endpoints: 'prior' | 'data';
  seed: number;
  label?: number;
  /** Test-image indices whose encodings are the endpoints (models with an encoder): one strip. */
  from?: number;
  to?: number;
  backend?: string;
}

type Decoder = LatentModel & { decode(z: tf.Tensor, options?: { labels?: number[] }): tf.Tensor };

/** Endpoint codes [2 * rows, latentSize]: pairs (a_i, b_i) at rows 2i and 2i + 1. */
function endpointCodes(run: Awaited<ReturnType<typeof loadRun>>, options: InterpolateOptions, latentSize: number): tf.Tensor2D {
  const count = 2 * options.rows;
  if (options.endpoints === 'prior') return tf.randomNormal([count, latentSize], 0, 1, 'float32', options.seed);
  const model = run.model as unknown as LatentModel;
  if (!model.encode) throw new CliError(`${run.record.modelType} cannot encode data; use --endpoints prior`);
  const data = loadTrainingData(run.record.dataset, {
    ...run.entry.dataRequest(run.record.imageShape ? 'image' : 'points'),
    dir: run.record.dataDir,
    seed: run.record.seed,
  });
  try {
    if (data.test.shape[0] < count) throw new CliError(`the test split has only ${data.test.shape[0]} examples; ask for fewer --rows`);
    return tf.tidy(() => {
      const indices = tf.slice(tf.range(0, data.test.shape[0], Math.floor(data.test.shape[0] / count), 'int32'), 0, count);
      const picked = tf.gather(data.test, indices);
      // Conditional encoders (CVAE) take each example's own label.
      const labels = isConditionalModel(run.model) ? { labels: tf.gather(data.testLabels, indices) } : undefined;
      const encode = model.encode as (x: tf.Tensor, options?: { labels: tf.Tensor1D }) => tf.Tensor;
      return tf.reshape(encode.call(model, picked, labels), [count, latentSize]) as tf.Tensor2D;
    });
  } finally {
    disposeTrainingData(data);
  }
}

export async function interpolateCommand(runDir: string, options: InterpolateOptions, log: (line: string) => void): Promise<void> {
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, log);
  try {
    if (!isLatentModel(run.model)) {
      throw new CliError(`${run.record.modelType} has no latent space to interpolate in (it is not a LatentModel)`);
    }
    if (isDiffusionModel(run.model)) return await interpolateDiffusion(run, options, log);
    if (options.from !== undefined || options.to !== undefined) {
      if (options.from === undefined || options.to === undefined) throw new CliError('give both --from and --to (test-image indices)');
      await writeEncodedInterpolation(run, { from: options.from, to: options.to, steps: options.steps, path: options.path, out: options.out, label: options.label }, log);
      return;
    }
    const model = run.model as unknown as Decoder;
    const numClasses = isConditionalModel(run.model) ? run.model.numClasses : 0;
    const conditional = numClasses > 0;
    if (options.label !== undefined) {
      if (!conditional) throw new CliError(`${run.record.modelType} is not a conditional model; drop --label`);
      if (options.label >= numClasses) throw new CliError(`--label must be a class index below ${numClasses}`);
    }
    const latentShape = [...model.latentShape];
    const latentSize = latentShape.reduce((a, b) => a * b, 1);
    const codes = endpointCodes(run, options, latentSize);
    const values = await codes.data();
    codes.dispose();
    const path: number[] = [];
    for (let r = 0; r < options.rows; r++) {
      const a = values.subarray(2 * r * latentSize, (2 * r + 1) * latentSize);
      const b = values.subarray((2 * r + 1) * latentSize, (2 * r + 2) * latentSize);
      for (const z of interpolateLatents(a, b, options.steps, options.path)) path.push(...z);
    }
    const n = options.rows * options.steps;
    const decoded = tf.tidy(() => {
      const z = tf.tensor(path, [n, ...latentShape]);
      const labels = conditional ? new Array<number>(n).fill(options.label ?? 0) : undefined;
      return model.decode(z, labels ? { labels } : undefined);
    });
    try {
      if (run.record.imageShape) {
        const images = tf.reshape(decoded, [n, ...run.record.imageShape]);
        try {
          await writeImageGrid(images, options.out, { columns: options.steps, range: run.record.sampleRange });
        } finally {
          images.dispose();
        }
      } else {
        await writeScatterPlot(tf.reshape(decoded, [n, -1]), options.out);
      }
    } finally {
      decoded.dispose();
    }
    log(`wrote ${options.rows} ${options.path} interpolation path(s) of ${options.steps} steps from ${run.record.modelType} at step ${run.step} to ${options.out}`);
  } finally {
    run.model.dispose();
  }
}

function atLeastTwo(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2) throw new InvalidArgumentError('expected an integer >= 2');
  return n;
}

function classIndex(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a class index (integer >= 0)');
  return n;
}

export function registerInterpolateCommand(program: Command): void {
  program
    .command('interpolate')
    .description('decode paths between latent codes of a trained latent-variable model (GANs, VAEs) into a grid, one path per row')
    .argument('<run>', 'run directory')
    .option('--out <file>', 'PNG to write', 'interpolation.png')
    .option('--rows <n>', 'number of paths', positiveInt, 8)
    .option('--steps <n>', 'points per path, endpoints included', atLeastTwo, 8)
    .addOption(new Option('--path <kind>', 'linear, or spherical (slerp; suits Gaussian latents)').choices([...LATENT_PATHS]).default('spherical'))
    .addOption(new Option('--endpoints <from>', 'draw endpoints from the prior, or encode test examples (models with an encoder)').choices(['prior', 'data']).default('prior'))
    .option('--seed <n>', 'seed of the prior endpoints', integer, 1)
    .option('--label <k>', 'class of every path (conditional models)', classIndex)
    .option('--from <i>', 'encode test image i as the first endpoint (models with an encoder; writes one strip)', classIndex)
    .option('--to <j>', 'encode test image j as the last endpoint', classIndex)
    .addOption(backendOption())
    .action(async (run: string, options) => {
      await interpolateCommand(run, options, log);
    });
}
