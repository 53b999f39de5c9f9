/**
 * The one sampling loop every scheduler shares: start from noise, call the denoiser at each
 * step's level, let the scheduler update the sample. Optional inpainting replaces known pixels
 * by q(x_t | x_known) before every step (Song et al. 2021, app. I.2; Lugmayr et al. 2022,
 * "RePaint", eq. 8) with RePaint's resampling (jump length 1), and the final sample carries the
 * known pixels bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { deriveSeed } from '@genmodels/core-nn';
import type { NoiseLevel } from './noise-process.js';
import type { Scheduler } from './scheduler.js';

/** The network at one step: the output in the scheduler's predictionType, for training level `timestep`. */
export type Denoiser = (sample: Tensor, timestep: number) => Tensor;

export interface SamplingStepInfo {
  readonly index: number;
  readonly timestep: number;
  /** The sample after this step (owned by the loop; clone it to keep it). */
  readonly sample: Tensor;
  /** The x_0 estimate at this step (owned by the loop). */
  readonly predOriginalSample: Tensor;
}

export interface InpaintingOptions {
  /** The image whose known pixels are kept, [batch, ...shape]. */
  readonly known: Tensor;
  /** 1 where a pixel is known, 0 where it is to be filled; broadcastable to `known`. */
  readonly mask: Tensor;
  /** RePaint resamplings per step (1 = plain replacement, Lugmayr et al. use 10). */
  readonly resampleSteps?: number;
}

export interface SamplingLoopOptions {
  /** Non-zero seed of the initial noise and every step's noise. */
  readonly seed: number;
  /** Start from this sample instead of noise (e.g. a DDIM latent). */
  readonly initialSample?: Tensor;
  readonly inpaint?: InpaintingOptions;
  /** Called after every step, e.g. to record a trajectory. */
  readonly onStep?: (info: SamplingStepInfo) => void;
}

/** Runs `scheduler` from noise to a sample shaped `shape`. The caller owns the result. */
export function runSamplingLoop(scheduler: Scheduler, denoise: Denoiser, shape: readonly number[], options: SamplingLoopOptions): Tensor {
  const { seed, inpaint } = options;
  const steps = scheduler.timesteps;
  if (steps.length === 0) throw new Error('runSamplingLoop: the scheduler has no timesteps; call setTimesteps(n) first');
  const resample = inpaint?.resampleSteps ?? 1;
  if (!(Number.isInteger(resample) && resample >= 1)) {
    throw new Error(`inpainting: resampleSteps must be a positive integer, got ${resample}`);
  }
  let known: Tensor | null = null;
  if (inpaint) {
    if (inpaint.known.shape.join(',') !== shape.join(',')) {
      throw new Error(`inpainting: the image must be shaped [${shape.join(', ')}], got [${inpaint.known.shape.join(', ')}]`);
    }
    known = tf.tidy(() => tf.greater(tf.broadcastTo(inpaint.mask, shape as number[]), 0.5));
  }
  // Known pixels at the sample's level: a x_known + s z.
  const replaceKnown = (x: Tensor, level: NoiseLevel, noiseSeed: number): Tensor =>
    tf.tidy(() => {
      const z = tf.randomNormal(shape as number[], 0, 1, 'float32', noiseSeed);
      const noisyKnown = tf.add(tf.mul(inpaint!.known, level.signalScale), tf.mul(z, level.noiseStd));
      return tf.where(known!, noisyKnown, x);
    });

  let x = options.initialSample
    ? options.initialSample.clone()
    : tf.tidy(() => tf.mul(tf.randomNormal(shape as number[], 0, 1, 'float32', deriveSeed(seed, 0x1a17)), scheduler.initNoiseSigma));
  try {
    for (let index = 0; index < steps.length; index++) {
      for (let round = 0; round < resample; round++) {
        if (known) {
          const replaced = replaceKnown(x, scheduler.levelBefore(index), deriveSeed(seed, index, round, 1));
          x.dispose();
          x = replaced;
        }
        const output = denoise(x, steps[index]);
        const { prevSample, predOriginalSample } = scheduler.step(output, index, x, { seed: deriveSeed(seed, index, round, 2) });
        output.dispose();
        x.dispose();
        x = prevSample;
        const lastRound = round === resample - 1;
        if (lastRound) options.onStep?.({ index, timestep: steps[index], sample: x, predOriginalSample });
        predOriginalSample.dispose();
        if (!lastRound) {
          // RePaint: diffuse back to this step's level and denoise again.
          const from = scheduler.levelAfter(index);
          const to = scheduler.levelBefore(index);
          const current = x;
          const back = tf.tidy(() =>
            scheduler.process.forwardTransition(current, from, to, tf.randomNormal(shape as number[], 0, 1, 'float32', deriveSeed(seed, index, round, 3))),
          );
          x.dispose();
          x = back;
        }
      }
    }
    if (known) {
      const final = tf.where(known, inpaint!.known, x);
      x.dispose();
      x = final;
    }
    return x;
  } catch (error) {
    x.dispose();
    throw error;
  } finally {
    known?.dispose();
  }
}
