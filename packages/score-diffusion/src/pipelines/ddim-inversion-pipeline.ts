/**
 * DDIM inversion (Song et al. 2021, sec. 4.3 and 5.4): the deterministic (eta = 0) DDIM ODE run
 * backwards, from the data to the scheduler's noisiest level, through the scheduler's timesteps in
 * reverse. Each step maps the sample at one level to the next noisier one along the same
 * discretisation as sampling, x_to = a_to x_0 + s_to eps with x_0 and eps predicted at the current
 * level; the first step starts from the clean data (a = 1, s = 0), with the noise predicted at the
 * least noisy level, as diffusers' DDIMInverseScheduler does. Sampling the result with the same
 * scheduler (eta 0) returns the data up to the discretisation error.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { DDIMScheduler } from '../ddim-scheduler.js';
import { type DenoiserOptions, type DenoisingModel, checkBatchShape, checkSchedulerFits } from '../denoising-model.js';
import { toOriginalAndNoise } from '../prediction-type.js';
import { type PipelineRunOptions, type PipelineSteps, runPipeline } from './pipeline-run.js';
import { scheduledTimesteps } from './sample-pipeline.js';

export type DDIMInversionPipelineOptions = DenoiserOptions & PipelineRunOptions;

function checkDDIM(scheduler: DDIMScheduler, where: string): void {
  if (scheduler.name !== 'ddim' || typeof scheduler.invertStep !== 'function') {
    throw new Error(`${where}: DDIM inversion needs a DDIMScheduler, got the ${JSON.stringify(scheduler.name)} scheduler`);
  }
}

/** The steps of ddimInversionPipeline (the model's synchronous `encode` runs them too). */
export function* ddimInversionSteps(model: DenoisingModel, scheduler: DDIMScheduler, x: Tensor, options: DenoiserOptions = {}): PipelineSteps<Tensor> {
  const where = 'ddimInversionPipeline';
  checkDDIM(scheduler, where);
  checkSchedulerFits(model, scheduler, where);
  checkBatchShape(x, model.sampleShape, where);
  const levels = [...scheduledTimesteps(scheduler, where)].reverse();
  const denoise = model.denoiser(options);
  const process = scheduler.process;
  let z: Tensor | null = x.clone();
  try {
    for (let i = 0; i < levels.length; i++) {
      // Step i goes from levels[i - 1] (clean for i = 0) to levels[i].
      const at = levels[Math.max(0, i - 1)];
      const current: Tensor = z;
      const output = denoise(current, at);
      const to = process.level(levels[i]);
      let next: Tensor;
      let predOriginalSample: Tensor;
      if (i === 0) {
        const { x0, eps } = toOriginalAndNoise(model.predictionType, output, current, process.level(at));
        x0.dispose();
        next = tf.tidy(() => tf.add(tf.mul(current, to.signalScale), tf.mul(eps, to.noiseStd)));
        eps.dispose();
        predOriginalSample = current.clone();
      } else {
        ({ prevSample: next, predOriginalSample } = scheduler.invertStep(output, current, process.level(at), to));
      }
      output.dispose();
      current.dispose();
      z = next;
      try {
        yield { stage: 'invert', index: i, total: levels.length, timestep: at, sample: z, predOriginalSample };
      } finally {
        predOriginalSample.dispose();
      }
    }
    const result = z;
    z = null;
    return result;
  } finally {
    z?.dispose();
  }
}

/**
 * The DDIM latent of `x` ([batch, ...sampleShape]) at the scheduler's noisiest level. Give a
 * DDIMScheduler with clipSample null for an exact inverse of deterministic sampling.
 */
export function ddimInversionPipeline(model: DenoisingModel, scheduler: DDIMScheduler, x: Tensor, options: DDIMInversionPipelineOptions = {}): Promise<Tensor> {
  return runPipeline(ddimInversionSteps(model, scheduler, x, options), options);
}
