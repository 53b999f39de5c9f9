/**
 * Sampling, the loop every scheduler shares (design notes, "Diffusion and score models"): start
 * from noise of the scheduler's initial level (or a given sample, e.g. a DDIM latent), evaluate
 * the model's denoiser at each step's level and let the scheduler update the sample.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { deriveSeed } from '@genmodels/core-nn';
import { type DenoiserOptions, type DenoisingModel, checkBatchShape, checkSchedulerFits } from '../denoising-model.js';
import type { Scheduler } from '../scheduler.js';
import { DEFAULT_PIPELINE_SEED, type PipelineRunOptions, type PipelineSteps, runPipeline } from './pipeline-run.js';

export interface SampleStepsOptions extends DenoiserOptions {
  /** Seed of the initial noise and of every step's noise (default 20200). */
  readonly seed?: number;
  /** Start from this sample, [numSamples, ...sampleShape], instead of noise (e.g. a DDIM latent). */
  readonly initialSample?: Tensor;
}

export type SamplePipelineOptions = SampleStepsOptions & PipelineRunOptions;

/** Seed of the initial noise, derived from the sampling seed. */
export const INITIAL_NOISE_STREAM = 0x1a17;

/** Checks the scheduler has timesteps; returns them. */
export function scheduledTimesteps(scheduler: Scheduler, where: string): readonly number[] {
  if (scheduler.timesteps.length === 0) throw new Error(`${where}: the scheduler has no timesteps; call setTimesteps(n) first`);
  return scheduler.timesteps;
}

/** The steps of samplePipeline (the model's synchronous `sample` runs them too). */
export function* sampleSteps(model: DenoisingModel, scheduler: Scheduler, numSamples: number, options: SampleStepsOptions = {}): PipelineSteps<Tensor> {
  const where = 'samplePipeline';
  if (!Number.isInteger(numSamples) || numSamples < 1) throw new Error(`${where}: numSamples must be a positive integer, got ${numSamples}`);
  checkSchedulerFits(model, scheduler, where);
  const steps = scheduledTimesteps(scheduler, where);
  const shape = [numSamples, ...model.sampleShape];
  if (options.initialSample) {
    checkBatchShape(options.initialSample, model.sampleShape, where, 'initialSample');
    if (options.initialSample.shape[0] !== numSamples) throw new Error(`${where}: initialSample holds ${options.initialSample.shape[0]} samples, not ${numSamples}`);
  }
  const denoise = model.denoiser(options);
  const seed = options.seed ?? DEFAULT_PIPELINE_SEED;
  let x: Tensor | null = options.initialSample
    ? options.initialSample.clone()
    : tf.tidy(() => tf.mul(tf.randomNormal(shape, 0, 1, 'float32', deriveSeed(seed, INITIAL_NOISE_STREAM)), scheduler.initNoiseSigma));
  try {
    for (let index = 0; index < steps.length; index++) {
      const output = denoise(x, steps[index]);
      const { prevSample, predOriginalSample } = scheduler.step(output, index, x, { seed: deriveSeed(seed, index, 0, 2) });
      output.dispose();
      x.dispose();
      x = prevSample;
      try {
        yield { stage: 'sample', index, total: steps.length, timestep: steps[index], sample: x, predOriginalSample };
      } finally {
        predOriginalSample.dispose();
      }
    }
    const result = x;
    x = null;
    return result;
  } finally {
    x?.dispose();
  }
}

/**
 * Draws `numSamples` samples, [numSamples, ...sampleShape], from the model with `scheduler` (any of
 * DDPM, DDIM, annealed Langevin, predictor-corrector), reporting every step to `onStep` and
 * stopping at the next step when `signal` aborts (every tensor it made is then disposed).
 */
export function samplePipeline(model: DenoisingModel, scheduler: Scheduler, numSamples: number, options: SamplePipelineOptions = {}): Promise<Tensor> {
  return runPipeline(sampleSteps(model, scheduler, numSamples, options), options);
}
