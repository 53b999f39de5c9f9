/**
 * The diffusion path of the CLI's commands (sample, inpaint, interpolate, denoise, and train's
 * sample grids) for ddpm and ncsn runs: each runs a @genmodels/score-diffusion pipeline with a
 * scheduler built from the run's config and the command's options, shows its progress
 * (step-progress: a bar on a terminal, a line every few seconds otherwise), stops cleanly on
 * Ctrl-C, and records the trajectory GIF through the same step callback.
 */
import {
  type DDIMScheduler,
  type DenoiserOptions,
  DiffusionModel,
  type PipelineRunOptions,
  type PipelineStep,
  type Scheduler,
  type SchedulerSettings,
  createSchedulerFromConfig,
  ddimInversionPipeline,
  denoisePipeline,
  inpaintPipeline,
  samplePipeline,
} from '@genmodels/score-diffusion';
import { imagesToTensor, isImageDatasetName } from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import type { TrainerCallback } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { CliError } from '../cli-error.js';
import type { InterpolateOptions } from '../commands/interpolate.js';
import { writeImageGrid, writeScatterPlot } from '../image-grid.js';
import { interpolateLatents } from '../latent-path.js';
import type { LoadedRun } from '../load-run.js';
import { type SampleLayout, writeTensorSamples } from '../sample-writer.js';
import { createStepProgress, interruptible } from '../step-progress.js';
import { loadTrainingData } from '../training-data.js';
import { TrajectoryRecorder, writeTrajectoryGif } from '../trajectory-gif.js';

export function isDiffusionModel(model: unknown): model is DiffusionModel {
  return model instanceof DiffusionModel;
}

const SCHEDULER_KEYS = ['scheduler', 'numInferenceSteps', 'eta', 'stepsPerLevel', 'stepSize', 'clipSample', 'correctorSteps', 'snr'] as const;
const DENOISER_KEYS = ['labels', 'guidanceScale', 'useEma'] as const;

/** Steps of DDIM inversion and decoding in `interpolate`, and of the grids `train` draws. */
export const PREVIEW_DDIM_STEPS = 50;

interface DiffusionCommandOptions {
  settings: SchedulerSettings;
  denoiser: DenoiserOptions;
  gif?: string;
  resampleSteps?: number;
}

/** Splits a command's sampling options (flags and --set) into scheduler settings and denoiser options; refuses the rest. */
function splitOptions(model: DiffusionModel, options: Record<string, unknown>, extra: readonly ('gif' | 'resampleSteps')[]): DiffusionCommandOptions {
  const allowed: readonly string[] = [...SCHEDULER_KEYS, ...DENOISER_KEYS, ...extra];
  const unknown = Object.keys(options).filter((key) => options[key] !== undefined && !allowed.includes(key));
  if (unknown.length > 0) {
    throw new CliError(`${unknown.join(', ')} ${unknown.length === 1 ? 'is not a sampling option' : 'are not sampling options'} of ${model.modelType}; it takes ${allowed.join(', ')}`);
  }
  const pick = (keys: readonly string[]) => Object.fromEntries(keys.filter((key) => options[key] !== undefined).map((key) => [key, options[key]]));
  const { gif, resampleSteps } = options;
  if (gif !== undefined && (typeof gif !== 'string' || !gif.endsWith('.gif'))) {
    throw new CliError(`--set gif=<path.gif> needs a file name ending in .gif, got ${JSON.stringify(gif)}`);
  }
  if (gif !== undefined && model.sampleShape.length !== 3) throw new CliError('the trajectory GIF is for image models; 2-D point models have no frames to draw');
  return {
    settings: pick(SCHEDULER_KEYS) as SchedulerSettings,
    denoiser: pick(DENOISER_KEYS) as DenoiserOptions,
    ...(gif !== undefined ? { gif: gif as string } : {}),
    ...(resampleSteps !== undefined ? { resampleSteps: resampleSteps as number } : {}),
  };
}

/** A scheduler for the model from settings over its config's defaults; a bad setting becomes a one-line error. */
export function diffusionScheduler(model: DiffusionModel, settings: SchedulerSettings): Scheduler {
  try {
    return createSchedulerFromConfig(model.config, settings);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/** e.g. "DDIM, 50 steps (eta 0)", "annealed Langevin, 10 levels x 10 steps". */
export function describeScheduler(scheduler: Scheduler): string {
  const steps = scheduler.timesteps.length;
  const config = scheduler.config as unknown as Record<string, unknown>;
  switch (scheduler.name) {
    case 'ddpm':
      return `DDPM ancestral sampling, ${steps} steps`;
    case 'ddim':
      return `DDIM, ${steps} steps (eta ${String(config.eta)})`;
    case 'langevin': {
      const perLevel = Number(config.stepsPerLevel);
      return `annealed Langevin, ${Math.floor(steps / perLevel)} levels x ${perLevel} steps`;
    }
    default:
      return `predictor-corrector, ${steps / (Number(config.correctorSteps) + 1)} levels x ${Number(config.correctorSteps)} corrector steps`;
  }
}

const STAGE_WORDS: Record<PipelineStep['stage'], string> = { sample: 'sampling', inpaint: 'inpainting', invert: 'inverting', denoise: 'denoising' };

/**
 * Runs pipeline phases one after another under one progress display and one Ctrl-C handler: each
 * phase gets the run options (signal, and an onStep that moves the display), its steps counted
 * after those of the phases before it.
 */
async function runWithProgress<T>(
  what: string,
  title: string,
  phaseSteps: readonly number[],
  log: (line: string) => void,
  run: (phase: (index: number, extra?: (step: PipelineStep) => Promise<void>) => PipelineRunOptions) => Promise<T>,
): Promise<T> {
  const total = phaseSteps.reduce((a, b) => a + b, 0);
  const progress = createStepProgress(title);
  try {
    return await interruptible(
      what,
      (signal) =>
        run((index, extra) => {
          const offset = phaseSteps.slice(0, index).reduce((a, b) => a + b, 0);
          return {
            signal,
            onStep: async (step) => {
              progress.update(offset + step.index + 1, total, STAGE_WORDS[step.stage]);
              await extra?.(step);
            },
          };
        }),
      log,
    );
  } finally {
    progress.stop();
  }
}

/** `genmodels sample` for a diffusion run: the grid (and with --set gif=path the trajectory GIF). */
export async function sampleDiffusion(
  model: DiffusionModel,
  layout: SampleLayout,
  out: string,
  numSamples: number,
  seed: number,
  options: Record<string, unknown>,
  log: (line: string) => void,
): Promise<void> {
  const { settings, denoiser, gif } = splitOptions(model, options, ['gif']);
  const scheduler = diffusionScheduler(model, settings);
  const recorder = gif ? new TrajectoryRecorder() : null;
  const samples = await runWithProgress('sampling', `sampling ${numSamples} with ${describeScheduler(scheduler)}`, [scheduler.timesteps.length], log, (phase) =>
    samplePipeline(model, scheduler, numSamples, { ...denoiser, seed, ...phase(0, recorder ? (step) => recorder.record(step) : undefined) }),
  );
  try {
    await writeTensorSamples(samples, layout, out);
    if (gif && recorder) {
      const [h, w, c] = model.sampleShape;
      writeTrajectoryGif(recorder.frames, gif, { shape: [numSamples, h, w, c], range: layout.range });
      log(`wrote the trajectory (${recorder.frames.length} frames) to ${gif}`);
    }
  } finally {
    samples.dispose();
  }
}

/**
 * The grid `train` draws at the end of a run (and every --sample-every steps): the config's own
 * sampler when it takes at most 100 network evaluations, else DDIM with 50 steps, which it says.
 */
export function previewScheduler(model: DiffusionModel): { scheduler: Scheduler; note: string } {
  const configured = diffusionScheduler(model, {});
  if (configured.timesteps.length <= 100) return { scheduler: configured, note: describeScheduler(configured) };
  const scheduler = diffusionScheduler(model, { scheduler: 'ddim', eta: 0, numInferenceSteps: PREVIEW_DDIM_STEPS });
  return {
    scheduler,
    note: `${describeScheduler(scheduler)} instead of the config's ${describeScheduler(configured)}; \`genmodels sample <run>\` draws with that`,
  };
}

/** Writes the end-of-run grid of a diffusion run with the preview sampler, saying which. */
export async function writeDiffusionPreview(
  model: DiffusionModel,
  layout: SampleLayout,
  out: string,
  numSamples: number,
  seed: number,
  log: (line: string) => void,
): Promise<void> {
  const { scheduler, note } = previewScheduler(model);
  log(`drawing ${numSamples} samples for ${out} with ${note}`);
  const samples = await runWithProgress('drawing the sample grid', `sampling ${numSamples}`, [scheduler.timesteps.length], log, (phase) =>
    samplePipeline(model, scheduler, numSamples, { seed, ...phase(0) }),
  );
  try {
    await writeTensorSamples(samples, layout, out);
  } finally {
    samples.dispose();
  }
}

/**
 * `train --sample-every n` for a diffusion run: a grid every n steps with the preview sampler
 * (a SampleMonitor would draw with the config's sampler, 1000 steps for DDPM), said once.
 */
export function diffusionSampleMonitor(
  model: DiffusionModel,
  everySteps: number,
  numSamples: number,
  seed: number,
  write: (samples: tf.Tensor, step: number) => Promise<void>,
  log: (line: string) => void,
): TrainerCallback {
  const { scheduler, note } = previewScheduler(model);
  return {
    onTrainBegin: () => log(`sample grids every ${everySteps} steps: ${numSamples} samples with ${note}`),
    onBatchEnd: async (_logs, context) => {
      if (context.state.step % everySteps !== 0) return;
      const samples = model.sample(numSamples, { seed, scheduler });
      try {
        await write(samples, context.state.step);
      } finally {
        samples.dispose();
      }
    },
  };
}

/** `genmodels inpaint` (and `denoise --kind pixels|block`) for a diffusion run: the inpainted images. */
export async function inpaintDiffusion(model: DiffusionModel, image: tf.Tensor, mask: tf.Tensor, options: Record<string, unknown>, seed: number, log: (line: string) => void): Promise<tf.Tensor> {
  const { settings, denoiser, resampleSteps } = splitOptions(model, options, ['resampleSteps']);
  const scheduler = diffusionScheduler(model, settings);
  const rounds = resampleSteps ?? 1;
  const title = `inpainting ${image.shape[0]} images with ${describeScheduler(scheduler)}${rounds > 1 ? `, ${rounds} RePaint rounds per step` : ''}`;
  return runWithProgress('inpainting', title, [scheduler.timesteps.length], log, (phase) =>
    inpaintPipeline(model, scheduler, image, mask, { ...denoiser, seed, resampleSteps: rounds, ...phase(0) }),
  );
}

/** `genmodels denoise --kind gaussian` for a diffusion run: Tweedie's posterior mean. */
export async function denoiseDiffusion(model: DiffusionModel, noisy: tf.Tensor, sigma: number, labels: tf.Tensor1D | undefined, log: (line: string) => void): Promise<tf.Tensor> {
  try {
    model.process.continuousLevel(sigma);
  } catch (error) {
    throw new CliError(`--sigma: ${(error as Error).message}`);
  }
  const y = tf.reshape(noisy, [noisy.shape[0], ...model.sampleShape]);
  try {
    return await runWithProgress('denoising', `denoising ${noisy.shape[0]} images (Tweedie, sigma ${sigma})`, [1], log, (phase) =>
      denoisePipeline(model, y, sigma, { ...(labels ? { labels } : {}), ...phase(0) }),
    );
  } finally {
    y.dispose();
  }
}

/** The deterministic DDIM of DDIM latents: eta 0, no clipping. */
function latentScheduler(model: DiffusionModel): DDIMScheduler {
  return diffusionScheduler(model, { scheduler: 'ddim', eta: 0, clipSample: null, numInferenceSteps: PREVIEW_DDIM_STEPS }) as DDIMScheduler;
}

/** Paths between rows 2i and 2i + 1 of `endpoints`, `steps` points each, row by row. */
function latentPaths(endpoints: Float32Array, pairs: number, size: number, steps: number, path: InterpolateOptions['path']): Float32Array {
  const out = new Float32Array(pairs * steps * size);
  for (let r = 0; r < pairs; r++) {
    const a = endpoints.subarray(2 * r * size, (2 * r + 1) * size);
    const b = endpoints.subarray((2 * r + 1) * size, (2 * r + 2) * size);
    interpolateLatents(a, b, steps, path).forEach((z, s) => out.set(z, (r * steps + s) * size));
  }
  return out;
}

/** The test split of the run's dataset, prepared as the model trains on it (images: the test split only). */
function testSplit(run: LoadedRun): tf.Tensor {
  if (!isImageDatasetName(run.record.dataset)) {
    const data = loadTrainingData(run.record.dataset, { ...run.entry.dataRequest('points'), dir: run.record.dataDir, seed: run.record.seed });
    tf.dispose([data.train, data.trainLabels, data.testLabels]);
    return data.test;
  }
  return imagesToTensor(loadImageDataset(run.record.dataset, { split: 'test', dir: run.record.dataDir }), run.entry.dataRequest('image'));
}

/** Test images at evenly spaced indices (or the given ones). */
function testImages(run: LoadedRun, shape: readonly number[], count: number, indices?: readonly number[]): tf.Tensor {
  const test = testSplit(run);
  try {
    const n = test.shape[0];
    if (indices) {
      for (const [flag, index] of [['--from', indices[0]], ['--to', indices[1]]] as const) {
        if (!Number.isInteger(index) || index < 0 || index >= n) throw new CliError(`${flag} must be a test-image index in 0..${n - 1}, got ${index}`);
      }
    } else if (n < count) {
      throw new CliError(`the test split has only ${n} examples; ask for fewer --rows`);
    }
    const picked = indices ?? Array.from({ length: count }, (_, i) => i * Math.floor(n / count));
    return tf.tidy(() => tf.reshape(tf.gather(test, picked), [picked.length, ...shape]));
  } finally {
    test.dispose();
  }
}

/**
 * `genmodels interpolate` for a diffusion run, through DDIM latents (Song et al. 2021, sec. 5.4):
 * endpoints from the prior at the noisiest level, or test images inverted by DDIM (`--endpoints
 * data`, or `--from i --to j` for one strip with the originals at its ends); the paths are decoded
 * by deterministic DDIM. Labels do not apply (a class-conditional model uses its "no label" class).
 */
export async function interpolateDiffusion(run: LoadedRun, options: InterpolateOptions, log: (line: string) => void): Promise<void> {
  const model = run.model as DiffusionModel;
  if (options.label !== undefined) throw new CliError(`--label does not apply to ${run.record.modelType}: its DDIM latents are interpolated without class labels`);
  const strip = options.from !== undefined || options.to !== undefined;
  if (strip && (options.from === undefined || options.to === undefined)) throw new CliError('give both --from and --to (test-image indices)');
  const scheduler = latentScheduler(model);
  const n = scheduler.timesteps.length;
  const pairs = strip ? 1 : options.rows;
  const size = model.sampleShape.reduce((a, b) => a * b, 1);
  const invert = strip || options.endpoints === 'data';
  const images = invert ? testImages(run, model.sampleShape, 2 * pairs, strip ? [options.from!, options.to!] : undefined) : null;
  const title = `interpolating ${pairs} path(s) through DDIM latents (${invert ? `${n}-step inversion of ${2 * pairs} images, then ` : ''}${n}-step DDIM decoding of ${pairs * options.steps} points)`;
  let decoded: tf.Tensor | undefined;
  try {
    decoded = await runWithProgress('interpolation', title, invert ? [n, n] : [n], log, async (phase) => {
      let endpoints: Float32Array;
      if (images) {
        const latents = await ddimInversionPipeline(model, scheduler, images, phase(0));
        endpoints = Float32Array.from(await latents.data());
        latents.dispose();
      } else {
        const prior = tf.tidy(() => tf.mul(tf.randomNormal([2 * pairs, size], 0, 1, 'float32', options.seed), scheduler.initNoiseSigma));
        endpoints = Float32Array.from(await prior.data());
        prior.dispose();
      }
      const path = tf.tensor(latentPaths(endpoints, pairs, size, options.steps, options.path), [pairs * options.steps, ...model.sampleShape]);
      try {
        return await samplePipeline(model, scheduler, pairs * options.steps, { initialSample: path, ...phase(invert ? 1 : 0) });
      } finally {
        path.dispose();
      }
    });
    if (!run.record.imageShape) {
      const points = tf.reshape(decoded, [pairs * options.steps, -1]);
      await writeScatterPlot(points, options.out);
      points.dispose();
    } else if (strip) {
      const row = tf.tidy(() => {
        const [a, b] = tf.split(images!, 2, 0);
        return tf.concat([a, decoded!, b]);
      });
      await writeImageGrid(row, options.out, { columns: options.steps + 2, range: run.record.sampleRange, scale: 3 });
      row.dispose();
    } else {
      await writeImageGrid(decoded, options.out, { columns: options.steps, range: run.record.sampleRange });
    }
  } finally {
    tf.dispose([...(images ? [images] : []), ...(decoded ? [decoded] : [])]);
  }
  const source = strip ? `from test image ${options.from} to ${options.to} (originals at both ends)` : `between ${invert ? 'inverted test images' : 'prior latents'}`;
  log(`wrote ${pairs} ${options.path} interpolation path(s) of ${options.steps} steps ${source} from ${run.record.modelType} at step ${run.step} to ${options.out}`);
}
