/**
 * Interpolation through DDIM latents (Song et al. 2021, sec. 5.4): both endpoints are inverted to
 * their latents at the noisiest level (ddim-inversion-pipeline), the latents are joined by
 * spherical linear interpolation (Shoemake 1985; the latents are near-Gaussian, so their norms
 * stay typical along the arc), and every point is sampled back with deterministic DDIM.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { DDIMScheduler } from '../ddim-scheduler.js';
import { type DenoiserOptions, type DenoisingModel, checkBatchShape } from '../denoising-model.js';
import { ddimInversionSteps } from './ddim-inversion-pipeline.js';
import { type PipelineRunOptions, type PipelineSteps, offsetSteps, runPipeline } from './pipeline-run.js';
import { sampleSteps } from './sample-pipeline.js';

/** Labels do not apply: a class-conditional model interpolates with its "no label" class. */
export type InterpolateStepsOptions = Pick<DenoiserOptions, 'useEma'>;

export type InterpolatePipelineOptions = InterpolateStepsOptions & PipelineRunOptions;

/**
 * Slerp between the rows of `a` and `b` (both [k, ...]): [k * numPoints, ...], pair i's path at rows
 * i * numPoints .. (i + 1) * numPoints - 1, the endpoints included; linear where a pair is parallel.
 */
export function slerpPairs(a: Tensor, b: Tensor, numPoints: number): Tensor {
  return tf.tidy(() => {
    const k = a.shape[0];
    const flatA = tf.reshape(a, [k, -1]);
    const flatB = tf.reshape(b, [k, -1]);
    const cos = tf.div(tf.sum(tf.mul(flatA, flatB), 1), tf.mul(tf.norm(flatA, 'euclidean', 1), tf.norm(flatB, 'euclidean', 1)));
    const theta = tf.expandDims(tf.acos(tf.clipByValue(cos, -1, 1)), 1); // [k, 1]
    const parallel = tf.less(theta, 1e-6);
    const sinTheta = tf.sin(tf.maximum(theta, 1e-6));
    const points = Array.from({ length: numPoints }, (_, i) => {
      const u = i / (numPoints - 1);
      const wa = tf.where(parallel, tf.fill(theta.shape, 1 - u), tf.div(tf.sin(tf.mul(theta, 1 - u)), sinTheta));
      const wb = tf.where(parallel, tf.fill(theta.shape, u), tf.div(tf.sin(tf.mul(theta, u)), sinTheta));
      return tf.add(tf.mul(flatA, wa), tf.mul(flatB, wb)); // [k, D]
    });
    return tf.reshape(tf.stack(points, 1), [k * numPoints, ...a.shape.slice(1)]);
  });
}

/** The steps of interpolatePipeline: the inversion's, then the sampling's. */
export function* interpolateSteps(
  model: DenoisingModel,
  scheduler: DDIMScheduler,
  a: Tensor,
  b: Tensor,
  numPoints: number,
  options: InterpolateStepsOptions = {},
): PipelineSteps<Tensor> {
  const where = 'interpolatePipeline';
  const denoiserOptions: DenoiserOptions = { useEma: options.useEma };
  if (!(Number.isInteger(numPoints) && numPoints >= 2)) throw new Error(`${where}: numPoints must be an integer >= 2, got ${numPoints}`);
  checkBatchShape(a, model.sampleShape, where, 'a');
  checkBatchShape(b, model.sampleShape, where, 'b');
  if (a.shape[0] !== b.shape[0]) throw new Error(`${where}: a and b must hold the same number of endpoints, got ${a.shape[0]} and ${b.shape[0]}`);
  if (scheduler.config.eta !== 0) throw new Error(`${where}: the round trip needs deterministic DDIM; build the scheduler with eta 0, got ${scheduler.config.eta}`);
  const n = scheduler.timesteps.length;
  const k = a.shape[0];
  const pair = tf.concat([a, b], 0);
  let latents: Tensor | null = null;
  let path: Tensor | null = null;
  try {
    latents = yield* offsetSteps(ddimInversionSteps(model, scheduler, pair, denoiserOptions), 0, 2 * n);
    const [za, zb] = tf.split(latents, [k, k], 0);
    path = slerpPairs(za, zb, numPoints);
    tf.dispose([za, zb]);
    return yield* offsetSteps(sampleSteps(model, scheduler, k * numPoints, { ...denoiserOptions, initialSample: path }), n, 2 * n);
  } finally {
    tf.dispose([pair, ...(latents ? [latents] : []), ...(path ? [path] : [])]);
  }
}

/**
 * The DDIM-latent interpolation from each image of `a` to the image of `b` in the same row
 * (both [k, ...sampleShape]): [k * numPoints, ...sampleShape], path by path, the endpoints
 * included. `scheduler` is a DDIMScheduler with eta 0 (clipSample null for the exact round trip).
 */
export function interpolatePipeline(
  model: DenoisingModel,
  scheduler: DDIMScheduler,
  a: Tensor,
  b: Tensor,
  numPoints: number,
  options: InterpolatePipelineOptions = {},
): Promise<Tensor> {
  return runPipeline(interpolateSteps(model, scheduler, a, b, numPoints, options), options);
}
