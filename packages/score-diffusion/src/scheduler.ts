/**
 * The scheduler contract shared by every sampling algorithm (design notes, "Diffusion and score
 * models"; the shape follows Hugging Face diffusers). A scheduler is a weightless config object:
 * it knows the noise process and the update rule, never the network, so weights trained with one
 * scheduler sample with any other.
 *
 * One difference from diffusers: `step` takes the position `index` in `timesteps`, not the
 * timestep value, because annealed Langevin and predictor-corrector samplers visit the same
 * noise level several times and the position is what identifies a step.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { NoiseLevel, NoiseProcess, NoiseProcessConfig } from './noise-process.js';
import type { PredictionType } from './prediction-type.js';

export type SchedulerName = 'ddpm' | 'ddim' | 'langevin' | 'pc';

export const SCHEDULER_NAMES: readonly SchedulerName[] = ['ddpm', 'ddim', 'langevin', 'pc'];

export interface SchedulerStepOutput {
  /** The sample entering the next step (after the last step: the final sample). */
  prevSample: Tensor;
  /** The current estimate of the clean sample x_0. */
  predOriginalSample: Tensor;
}

export interface SchedulerStepOptions {
  /** Seed of the step's noise (non-zero); unseeded when absent. */
  seed?: number;
}

/** Settings every scheduler config has. */
export interface BaseSchedulerConfig {
  readonly process: NoiseProcessConfig;
  readonly predictionType: PredictionType;
  /** Clip predicted x_0 to [-clipSample, clipSample] (1 for images in [-1, 1]), or null for none. */
  readonly clipSample: number | null;
  /** How inference levels are picked from the training levels (see selectTimesteps). */
  readonly timestepSpacing: TimestepSpacing;
}

export type TimestepSpacing = 'leading' | 'trailing' | 'linspace';

export interface Scheduler {
  readonly name: SchedulerName;
  readonly config: BaseSchedulerConfig;
  readonly process: NoiseProcess;
  /** The training level the network is conditioned on at each step, in sampling order. */
  readonly timesteps: readonly number[];
  /** Chooses `numInferenceSteps` levels (for Langevin and predictor-corrector: noise levels). */
  setTimesteps(numInferenceSteps: number): void;
  /** Standard deviation of the initial noise. */
  readonly initNoiseSigma: number;
  /** q(x_t | x_0) of the process. */
  addNoise(x0: Tensor, noise: Tensor, t: number | Tensor): Tensor;
  /** One update from the model output at step `index`. The caller owns both outputs. */
  step(modelOutput: Tensor, index: number, sample: Tensor, options?: SchedulerStepOptions): SchedulerStepOutput;
  /** Noise level of the sample entering step `index`. */
  levelBefore(index: number): NoiseLevel;
  /** Noise level of the sample leaving step `index`. */
  levelAfter(index: number): NoiseLevel;
}
