/**
 * What a pipeline needs of a model (the split of Hugging Face diffusers: the model holds the
 * network, the pipeline runs the algorithm with a scheduler): the shape of one sample, the noise
 * process and prediction target the network was trained on, and the network as a denoiser.
 * DiffusionModel implements it; so does an exact denoiser of a known distribution in the tests.
 */
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import type { NoiseProcess } from './noise-process.js';
import type { PredictionType } from './prediction-type.js';
import type { Scheduler } from './scheduler.js';

/**
 * The network output (in the model's predictionType) for a whole batch at level `timestep`: a
 * training level, or a fractional one between two (NoiseProcess.levelAt). The caller owns the result.
 */
export type Denoiser = (sample: Tensor, timestep: number) => Tensor;

export interface DenoiserOptions {
  /** Class labels, one per example (class-conditional models). */
  readonly labels?: readonly number[] | Tensor1D;
  /** Classifier-free guidance weight w: (1 + w) eps(x, c) - w eps(x) (Ho & Salimans 2022). Default 0. */
  readonly guidanceScale?: number;
  /** Evaluate the network with its EMA weights (default true when the model keeps an EMA). */
  readonly useEma?: boolean;
}

export interface DenoisingModel {
  /** The shape of one sample, e.g. [28, 28, 1] or [2]. */
  readonly sampleShape: readonly number[];
  readonly process: NoiseProcess;
  readonly predictionType: PredictionType;
  denoiser(options?: DenoiserOptions): Denoiser;
}

/** Throws unless `scheduler` runs the model's noise process with its prediction target. */
export function checkSchedulerFits(model: DenoisingModel, scheduler: Scheduler, where: string): void {
  const a = model.process;
  const b = scheduler.process;
  const sameLevels =
    a.numLevels === b.numLevels && a.signalScales.every((v, t) => v === b.signalScales[t]) && a.noiseStds.every((v, t) => v === b.noiseStds[t]);
  if (!sameLevels) {
    throw new Error(
      `${where}: the scheduler runs a different noise process (${b.config.type}, ${b.numLevels} levels) from the model's (${a.config.type}, ${a.numLevels} levels); build it with createSchedulerFromConfig(model.config, ...)`,
    );
  }
  if (scheduler.config.predictionType !== model.predictionType) {
    throw new Error(`${where}: the scheduler reads '${scheduler.config.predictionType}' outputs but the model predicts '${model.predictionType}'`);
  }
}

/** Throws unless `x` is a batch shaped [batch, ...shape]. */
export function checkBatchShape(x: Tensor, shape: readonly number[], where: string, what = 'data'): void {
  if (x.rank !== shape.length + 1 || shape.some((d, i) => x.shape[i + 1] !== d)) {
    throw new Error(`${where}: expected ${what} shaped [batch, ${shape.join(', ')}], got [${x.shape.join(', ')}]`);
  }
}
