/**
 * `genmodels denoise <run> --noise 0.3`: corrupts test images and restores them with the model,
 * writing a grid (rows: clean, corrupted, restored) and the mean squared error of the corrupted
 * and the restored images against the clean ones. Noise kinds 'gaussian' and 'salt-and-pepper'
 * are restored by reconstruction (models with `reconstruct`: VAEs, autoencoders); the mask kinds
 * ('pixels': a random fraction --noise of pixels unknown, 'block': a centred square of side
 * --noise * width unknown) by `inpaint` with the mask (models with InpaintingModel). Models with
 * `denoise(y, sigma)` (DDPM, NCSN) restore Gaussian noise of known std by Tweedie's formula, the
 * posterior mean (`--sigma 0.2` is `--kind gaussian --noise 0.2`; noise is not clipped, in the
 * model's data units). Other families extend this file by dispatching on their model type or capabilities.
 */
import type { GenerativeModel } from '@genmodels/core-nn';
import { isConditionalModel, isInpaintingModel } from '@genmodels/core-nn';
import { corrupt } from '@genmodels/vae';
import * as tf from '@tensorflow/tfjs-core';
import { type Command, Option } from 'commander';
import { prepareBackend } from '../backend.js';
import { CliError } from '../cli-error.js';
import { backendOption, integer, log, nonNegativeNumber, positiveInt } from '../cli-options.js';
import { writeImageGrid } from '../image-grid.js';
import { loadRun } from '../load-run.js';
import { denoiseDiffusion, inpaintDiffusion, isDiffusionModel } from '../models/score-diffusion-commands.js';
import { disposeTrainingData, loadTrainingData } from '../training-data.js';

export const NOISE_KINDS = ['gaussian', 'salt-and-pepper', 'pixels', 'block'] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

export interface DenoiseOptions {
  noise: number;
  kind: NoiseKind;
  n: number;
  out: string;
  seed: number;
  /** Restoration passes for the mask kinds (default 20). */
  iterations?: number;
  backend?: string;
  json: boolean;
}

export interface DenoiseResult {
  run: string;
  modelType: string;
  kind: NoiseKind;
  noise: number;
  numImages: number;
  method: 'reconstruct' | 'inpaint' | 'tweedie';
  mseCorrupted: number;
  mseRestored: number;
  out: string;
}

type Restorer = GenerativeModel & {
  reconstruct?(x: tf.Tensor, labels?: { labels: tf.Tensor1D }): tf.Tensor;
  denoise?(y: tf.Tensor, sigma: number, options?: { labels?: tf.Tensor1D }): tf.Tensor;
};

/** The corrupted images and, for mask kinds, the mask (1 = known). */
function corruptImages(x: tf.Tensor, imageShape: readonly number[], options: DenoiseOptions): { corrupted: tf.Tensor; mask: tf.Tensor | null } {
  if (options.kind === 'gaussian' || options.kind === 'salt-and-pepper') {
    const kind = options.kind;
    const corrupted = tf.tidy(() => {
      const noisy = corrupt(x, { kind, level: options.noise }, options.seed);
      return kind === 'gaussian' ? tf.clipByValue(noisy, 0, 1) : noisy;
    });
    return { corrupted, mask: null };
  }
  return tf.tidy(() => {
    let mask: tf.Tensor;
    if (options.kind === 'pixels') {
      mask = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', options.seed), options.noise), 'float32');
    } else {
      const [h, w, c] = imageShape;
      const side = Math.round(options.noise * Math.min(h, w));
      const top = Math.floor((h - side) / 2);
      const left = Math.floor((w - side) / 2);
      const values = new Float32Array(h * w * c).fill(1);
      for (let y = top; y < top + side; y++) for (let xx = left; xx < left + side; xx++) for (let k = 0; k < c; k++) values[(y * w + xx) * c + k] = 0;
      mask = tf.reshape(tf.tile(tf.tensor(values, [1, h * w * c]), [x.shape[0], 1]), x.shape);
    }
    return { corrupted: tf.mul(x, mask), mask };
  });
}

async function meanSquaredError(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const value = tf.tidy(() => tf.mean(tf.square(tf.sub(a, b))));
  const result = (await value.data())[0];
  value.dispose();
  return result;
}

export async function denoiseCommand(runDir: string, options: DenoiseOptions, log: (line: string) => void): Promise<DenoiseResult> {
  if (options.kind !== 'gaussian' && options.noise > 1) throw new CliError(`--noise of kind ${options.kind} is a fraction; give a value in [0, 1]`);
  if (options.iterations !== undefined && options.kind !== 'pixels' && options.kind !== 'block') {
    throw new CliError(`--iterations applies to the mask kinds (--kind pixels or block), not to ${options.kind} noise; drop it`);
  }
  await prepareBackend(options.backend);
  const run = await loadRun(runDir, log);
  const { record, entry } = run;
  const model = run.model as Restorer;
  if (!record.imageShape) throw new CliError(`${runDir} was trained on 2-D points; denoise works on images`);
  const data = loadTrainingData(record.dataset, { ...entry.dataRequest('image'), dir: record.dataDir, seed: record.seed });
  try {
    const n = Math.min(options.n, data.test.shape[0]);
    const clean = tf.slice(data.test, 0, n);
    const labels = isConditionalModel(model) ? { labels: tf.slice(data.testLabels, 0, n) } : undefined;
    const diffusion = isDiffusionModel(model);
    const tweedie = options.kind === 'gaussian' && (diffusion || typeof model.denoise === 'function');
    const { corrupted, mask } = tweedie
      ? { corrupted: tf.tidy(() => tf.add(clean, tf.randomNormal(clean.shape, 0, options.noise, 'float32', options.seed))), mask: null }
      : corruptImages(clean, record.imageShape, options);
    let restored: tf.Tensor;
    let method: DenoiseResult['method'];
    if (tweedie) {
      if (options.noise <= 0) throw new CliError('--sigma (or --noise) must be positive for Tweedie denoising');
      const conditional = isConditionalModel(model) && model.numClasses > 0;
      restored = diffusion
        ? await denoiseDiffusion(model, corrupted, options.noise, conditional ? labels?.labels : undefined, log)
        : model.denoise!(tf.reshape(corrupted, [n, ...record.imageShape]), options.noise, conditional ? labels : undefined);
      method = 'tweedie';
    } else if (mask) {
      if (!isInpaintingModel(model)) throw new CliError(`${record.modelType} cannot fill masked pixels (it has no inpaint); use --kind gaussian or salt-and-pepper`);
      if (diffusion && options.iterations !== undefined) {
        throw new CliError(`--iterations is for the iterative inpainting of VAEs and autoencoders; ${record.modelType} fills masks with its sampler, so drop it`);
      }
      restored = diffusion
        ? await inpaintDiffusion(model, corrupted, mask, model.numClasses > 0 && labels ? { labels: labels.labels } : {}, options.seed, log)
        : model.inpaint(corrupted, mask, { numIterations: options.iterations ?? 20, ...(labels ? { labels: labels.labels } : {}) } as never);
      method = 'inpaint';
    } else {
      if (typeof model.reconstruct !== 'function') throw new CliError(`${record.modelType} cannot restore noisy images (it has no reconstruct)`);
      restored = tf.tidy(() => tf.reshape(model.reconstruct!(corrupted, labels), clean.shape));
      method = 'reconstruct';
    }
    try {
      const result: DenoiseResult = {
        run: runDir,
        modelType: record.modelType,
        kind: options.kind,
        noise: options.noise,
        numImages: n,
        method,
        mseCorrupted: await meanSquaredError(corrupted, clean),
        mseRestored: await meanSquaredError(restored, clean),
        out: options.out,
      };
      const grid = tf.tidy(() => tf.reshape(tf.concat([clean, corrupted, restored]), [3 * n, ...record.imageShape!]));
      await writeImageGrid(grid, options.out, { columns: n, range: record.sampleRange, scale: 2 });
      grid.dispose();
      return result;
    } finally {
      tf.dispose([clean, corrupted, restored, ...(mask ? [mask] : []), ...(labels ? [labels.labels] : [])]);
    }
  } finally {
    model.dispose();
    disposeTrainingData(data);
  }
}

export function formatDenoiseResult(r: DenoiseResult): string {
  return [
    `${r.modelType} run ${r.run}: ${r.numImages} test images, ${r.kind} corruption ${r.noise}, restored by ${r.method}`,
    `mean squared error to the clean images: corrupted ${r.mseCorrupted.toFixed(4)}, restored ${r.mseRestored.toFixed(4)}`,
    `wrote ${r.out} (rows: clean, corrupted, restored)`,
  ].join('\n');
}

export function registerDenoiseCommand(program: Command): void {
  program
    .command('denoise')
    .description('corrupt test images and restore them with a trained model (VAEs, autoencoders); writes clean / corrupted / restored rows')
    .argument('<run>', 'run directory')
    .option('--noise <level>', 'noise std (gaussian) or fraction (salt-and-pepper, pixels, block side)', nonNegativeNumber)
    .option('--sigma <std>', 'Gaussian noise std for Tweedie denoising by diffusion and score models (same as --kind gaussian --noise std)', nonNegativeNumber)
    .addOption(new Option('--kind <kind>', 'corruption').choices([...NOISE_KINDS]).default('gaussian'))
    .option('--n <n>', 'number of test images', positiveInt, 16)
    .option('--out <file>', 'PNG to write', 'denoise.png')
    .option('--seed <n>', 'seed of the corruption', integer, 1)
    .option('--iterations <n>', 'restoration passes for mask kinds (default 20)', positiveInt)
    .option('--json', 'print the result as JSON', false)
    .addOption(backendOption())
    .action(async (run: string, options) => {
      if (options.sigma !== undefined) {
        if (options.noise !== undefined) throw new CliError('give --sigma or --noise, not both (--sigma <std> is --kind gaussian --noise <std>)');
        if (options.kind !== 'gaussian') throw new CliError(`--sigma is Gaussian noise; it does not combine with --kind ${options.kind} (use --noise)`);
        Object.assign(options, { noise: options.sigma });
      }
      if (options.noise === undefined) throw new CliError('give --noise <level> (or --sigma <std> for Gaussian noise)');
      const result = await denoiseCommand(run, options, log);
      process.stdout.write(`${options.json ? JSON.stringify(result) : formatDenoiseResult(result)}\n`);
    });
}
