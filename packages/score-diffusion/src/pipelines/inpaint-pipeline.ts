/**
 * Inpainting with any scheduler: before every step the known pixels are replaced by a sample of
 * q(x_t | x_known) at the step's level (Song et al. 2021, app. I.2; Lugmayr et al. 2022, "RePaint",
 * eq. 8), optionally with RePaint's resampling (jump length 1): after a step the sample is diffused
 * back to the step's level and the step repeated, `resampleSteps` times in all. The result carries
 * the known pixels bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { deriveSeed } from '@genmodels/core-nn';
import { type DenoisingModel, checkBatchShape, checkSchedulerFits } from '../denoising-model.js';
import type { NoiseLevel } from '../noise-process.js';
import type { Scheduler } from '../scheduler.js';
import { DEFAULT_PIPELINE_SEED, type PipelineRunOptions, type PipelineSteps, runPipeline } from './pipeline-run.js';
import { INITIAL_NOISE_STREAM, type SampleStepsOptions, scheduledTimesteps } from './sample-pipeline.js';

export interface InpaintStepsOptions extends Omit<SampleStepsOptions, 'initialSample'> {
  /** RePaint resamplings per step (1 = replace the known pixels only; Lugmayr et al. use 10). */
  readonly resampleSteps?: number;
}

export type InpaintPipelineOptions = InpaintStepsOptions & PipelineRunOptions;

/** The steps of inpaintPipeline (the model's synchronous `inpaint` runs them too). */
export function* inpaintSteps(model: DenoisingModel, scheduler: Scheduler, image: Tensor, mask: Tensor, options: InpaintStepsOptions = {}): PipelineSteps<Tensor> {
  const where = 'inpaintPipeline';
  checkSchedulerFits(model, scheduler, where);
  checkBatchShape(image, model.sampleShape, where, 'the image');
  const steps = scheduledTimesteps(scheduler, where);
  const resample = options.resampleSteps ?? 1;
  if (!(Number.isInteger(resample) && resample >= 1)) throw new Error(`${where}: resampleSteps must be a positive integer, got ${resample}`);
  const shape = [...image.shape];
  const denoise = model.denoiser(options);
  let known: Tensor;
  try {
    known = tf.tidy(() => tf.greater(tf.broadcastTo(mask, shape), 0.5));
  } catch {
    throw new Error(`${where}: the mask [${mask.shape.join(', ')}] does not broadcast to the image [${shape.join(', ')}]; give 1 for known pixels, 0 for those to fill`);
  }
  const seed = options.seed ?? DEFAULT_PIPELINE_SEED;
  // Known pixels at the sample's level: a x_known + s z.
  const replaceKnown = (x: Tensor, level: NoiseLevel, noiseSeed: number): Tensor =>
    tf.tidy(() => {
      const z = tf.randomNormal(shape, 0, 1, 'float32', noiseSeed);
      return tf.where(known, tf.add(tf.mul(image, level.signalScale), tf.mul(z, level.noiseStd)), x);
    });
  let x: Tensor | null = tf.tidy(() => tf.mul(tf.randomNormal(shape, 0, 1, 'float32', deriveSeed(seed, INITIAL_NOISE_STREAM)), scheduler.initNoiseSigma));
  try {
    for (let index = 0; index < steps.length; index++) {
      for (let round = 0; round < resample; round++) {
        const replaced = replaceKnown(x, scheduler.levelBefore(index), deriveSeed(seed, index, round, 1));
        x.dispose();
        x = replaced;
        const output = denoise(x, steps[index]);
        const { prevSample, predOriginalSample } = scheduler.step(output, index, x, { seed: deriveSeed(seed, index, round, 2) });
        output.dispose();
        x.dispose();
        x = prevSample;
        if (round === resample - 1) {
          try {
            yield { stage: 'inpaint', index, total: steps.length, timestep: steps[index], sample: x, predOriginalSample };
          } finally {
            predOriginalSample.dispose();
          }
        } else {
          predOriginalSample.dispose();
          // RePaint: diffuse back to this step's level and denoise again.
          const from = scheduler.levelAfter(index);
          const to = scheduler.levelBefore(index);
          const current: Tensor = x;
          const back = tf.tidy(() => scheduler.process.forwardTransition(current, from, to, tf.randomNormal(shape, 0, 1, 'float32', deriveSeed(seed, index, round, 3))));
          x.dispose();
          x = back;
        }
      }
    }
    const result = tf.where(known, image, x);
    x.dispose();
    x = null;
    return result;
  } finally {
    x?.dispose();
    known.dispose();
  }
}

/**
 * Fills the pixels of `image` ([batch, ...sampleShape]) where `mask` is 0 consistently with those
 * where it is 1 (broadcastable to the image); known pixels are returned unchanged.
 */
export function inpaintPipeline(model: DenoisingModel, scheduler: Scheduler, image: Tensor, mask: Tensor, options: InpaintPipelineOptions = {}): Promise<Tensor> {
  return runPipeline(inpaintSteps(model, scheduler, image, mask, options), options);
}
