/**
 * `genmodels inpaint <run> --mask center|left-half|mask.png`: fills a region of test images with a
 * trained model that can inpaint (DDPM, NCSN: known pixels are replaced by their noised values
 * before every step, optionally with RePaint resampling; any scheduler). `--mask` names the region
 * to FILL: 'center' (the central square of half the side), 'left-half', or a PNG of the image size
 * whose white pixels are filled. Writes rows of original / masked (unknown grey) / inpainted and
 * checks that no known pixel changed.
 */
import { readFileSync } from 'node:fs';
import { isConditionalModel, isInpaintingModel } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import type { Command } from 'commander';
import { PNG } from 'pngjs';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, integer, log, positiveInt } from '../cli-options.js';
import { writeImageGrid } from '../image-grid.js';
import { loadRun } from '../load-run.js';
import { inpaintDiffusion, isDiffusionModel } from '../models/score-diffusion-commands.js';
import { checkSampleOptions } from '../sample-options.js';
import { collectSetting } from '../settings.js';
import { disposeTrainingData, loadTrainingData } from '../training-data.js';

export interface InpaintCommandOptions {
  mask: string;
  n: number;
  out: string;
  seed: number;
  scheduler?: string;
  steps?: number;
  resample?: number;
  set: Record<string, unknown>;
  backend?: string;
}

export interface InpaintResult {
  modelType: string;
  numImages: number;
  unknownFraction: number;
  knownPixelsUnchanged: boolean;
  out: string;
}

/** The known-pixel mask [height, width] (1 = known) for a named region or a PNG (white = fill). */
export function inpaintMask(spec: string, height: number, width: number): Float32Array {
  const mask = new Float32Array(height * width).fill(1);
  if (spec === 'center') {
    const side = Math.round(Math.min(height, width) / 2);
    const top = Math.floor((height - side) / 2);
    const left = Math.floor((width - side) / 2);
    for (let r = top; r < top + side; r++) for (let c = left; c < left + side; c++) mask[r * width + c] = 0;
    return mask;
  }
  if (spec === 'left-half') {
    for (let r = 0; r < height; r++) for (let c = 0; c < Math.floor(width / 2); c++) mask[r * width + c] = 0;
    return mask;
  }
  if (!spec.toLowerCase().endsWith('.png')) throw new CliError(`--mask must be center, left-half or a .png file, got ${JSON.stringify(spec)}`);
  let png: PNG;
  try {
    png = PNG.sync.read(readFileSync(spec));
  } catch (error) {
    throw new CliError(`cannot read the mask ${spec}: ${(error as Error).message}`);
  }
  if (png.width !== width || png.height !== height) {
    throw new CliError(`the mask ${spec} is ${png.width}x${png.height}; it must match the images (${width}x${height})`);
  }
  for (let p = 0; p < height * width; p++) {
    const brightness = (png.data[p * 4] + png.data[p * 4 + 1] + png.data[p * 4 + 2]) / 3;
    mask[p] = brightness >= 128 ? 0 : 1;
  }
  return mask;
}

export async function inpaintCommand(runDir: string, options: InpaintCommandOptions, write: (line: string) => void): Promise<InpaintResult> {
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, write);
  const { record, entry, model } = run;
  try {
    if (!isInpaintingModel(model)) throw new CliError(`${record.modelType} cannot inpaint (it has no inpaint method); use a ddpm or ncsn run`);
    if (!record.imageShape) throw new CliError(`${record.modelType} was trained on points, not images; inpaint needs an image model`);
    const [height, width, channels] = record.imageShape;
    const sampling = checkSampleOptions(
      entry,
      {
        ...options.set,
        ...(options.scheduler !== undefined ? { scheduler: options.scheduler } : {}),
        ...(options.steps !== undefined ? { numInferenceSteps: options.steps } : {}),
        ...(options.resample !== undefined ? { resampleSteps: options.resample } : {}),
      },
      { scheduler: '--scheduler', numInferenceSteps: '--steps', resampleSteps: '--resample' },
      'inpaint',
    );
    const known = inpaintMask(options.mask, height, width);
    const data = loadTrainingData(record.dataset, { ...entry.dataRequest('image'), dir: record.dataDir, seed: record.seed });
    try {
      const n = Math.min(options.n, data.test.shape[0]);
      const labels = isConditionalModel(model) && model.numClasses > 0 ? Array.from(tf.tidy(() => tf.slice(data.testLabels, 0, n)).dataSync()) : undefined;
      const original = tf.tidy(() => tf.reshape(tf.slice(data.test, 0, n), [n, height, width, channels]));
      const mask = tf.tidy(() => tf.tile(tf.tensor4d(known, [1, height, width, 1]), [1, 1, 1, channels]));
      const grey = record.sampleRange === 'symmetric' ? 0 : 0.5;
      const masked = tf.tidy(() => tf.add(tf.mul(original, mask), tf.mul(tf.sub(1, mask), grey)));
      const inpaintOptions = { ...sampling, ...(labels ? { labels } : {}) };
      const filled = isDiffusionModel(model)
        ? await inpaintDiffusion(model, original, mask, inpaintOptions, options.seed, write)
        : model.inpaint(original, mask, { ...inpaintOptions, seed: options.seed });
      try {
        const unchanged = tf.tidy(() => tf.all(tf.logicalOr(tf.equal(mask, 0), tf.equal(filled, original))).dataSync()[0] === 1);
        // rows of three: original, masked, inpainted
        const grid = tf.tidy(() => tf.reshape(tf.stack([original, masked, filled], 1), [3 * n, height, width, channels]));
        await writeImageGrid(grid, options.out, { columns: 3, range: record.sampleRange, scale: 3 });
        grid.dispose();
        const unknownFraction = known.reduce((s, v) => s + (1 - v), 0) / known.length;
        return { modelType: record.modelType, numImages: n, unknownFraction, knownPixelsUnchanged: unchanged, out: options.out };
      } finally {
        tf.dispose([original, mask, masked, filled]);
      }
    } finally {
      disposeTrainingData(data);
    }
  } finally {
    model.dispose();
  }
}

export function registerInpaintCommand(program: Command): void {
  program
    .command('inpaint')
    .description('fill a region of test images with a diffusion or score model (ddpm, ncsn); known pixels never change')
    .argument('<run>', 'run directory')
    .requiredOption('--mask <region>', "region to fill: 'center', 'left-half', or a PNG whose white pixels are filled")
    .option('--n <n>', 'number of test images', positiveInt, 8)
    .option('--out <file>', 'PNG to write (rows: original, masked, inpainted)', 'inpaint.png')
    .option('--seed <n>', 'sampling seed', integer, 1)
    .option('--scheduler <name>', 'ddpm, ddim, langevin or pc (default: the model\'s)')
    .option('--steps <n>', 'sampling steps (noise levels for langevin and pc)', positiveInt)
    .option('--resample <r>', 'RePaint resamplings per step (default 1: replace known pixels only)', positiveInt)
    .option('--set <key=value>', 'any other sampling option, e.g. eta=0.5 (repeatable)', collectSetting, {})
    .addOption(backendOption())
    .action(async (runDir: string, options: InpaintCommandOptions) => {
      const result = await inpaintCommand(runDir, options, log);
      log(
        `inpainted ${result.numImages} test images with ${result.modelType} (${(100 * result.unknownFraction).toFixed(0)}% of pixels filled); ` +
          `known pixels unchanged: ${result.knownPixelsUnchanged ? 'yes' : 'NO'}; wrote ${result.out}`,
      );
      if (!result.knownPixelsUnchanged) throw new CliError('known pixels changed during inpainting');
    });
}
