/**
 * Tweedie denoising (Efron 2011; Robbins 1956): for y = x + sigma n with n ~ N(0, I) and a known
 * sigma, the posterior mean is E[x | y] = y + sigma^2 grad log p_sigma(y) = y - sigma eps(y). The
 * noise level is matched exactly through the network's continuous conditioning: the fractional
 * level whose s / a is sigma (NoiseProcess.continuousLevel; log sigma for NCSN), on input a y.
 * One network evaluation, so one step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { type DenoiserOptions, type DenoisingModel, checkBatchShape } from '../denoising-model.js';
import { toOriginalAndNoise } from '../prediction-type.js';
import { type PipelineRunOptions, type PipelineSteps, runPipeline } from './pipeline-run.js';

export type DenoisePipelineOptions = DenoiserOptions & PipelineRunOptions;

/** The step of denoisePipeline. */
export function* denoiseSteps(model: DenoisingModel, y: Tensor, sigma: number, options: DenoiserOptions = {}): PipelineSteps<Tensor> {
  checkBatchShape(y, model.sampleShape, 'denoisePipeline');
  const { timestep, level } = model.process.continuousLevel(sigma);
  const denoise = model.denoiser(options);
  let x0: Tensor | null = tf.tidy(() => {
    const xt = tf.mul(y, level.signalScale);
    const output = denoise(xt, timestep);
    const { x0: mean, eps } = toOriginalAndNoise(model.predictionType, output, xt, level);
    eps.dispose();
    return mean;
  });
  try {
    yield { stage: 'denoise', index: 0, total: 1, timestep, sample: x0, predOriginalSample: x0 };
    const result = x0;
    x0 = null;
    return result;
  } finally {
    x0?.dispose();
  }
}

/** The posterior mean E[x | y] of each image of `y` ([batch, ...sampleShape]) under noise of std `sigma` in data units. */
export function denoisePipeline(model: DenoisingModel, y: Tensor, sigma: number, options: DenoisePipelineOptions = {}): Promise<Tensor> {
  return runPipeline(denoiseSteps(model, y, sigma, options), options);
}
