/**
 * The DDPM bound is the bound of the process the sampler draws from: on a toy case where the
 * predicted x_0 leaves [-1, 1] at every level, the bound equals L_T + the KL from q(x_{t-1} | x_t, x_0)
 * to the Gaussian the DDPM scheduler's own step samples from, at every t, + the decoder term at the
 * scheduler's final output, with and without clipping; and clipping changes the bound (so the test
 * tells the two reverse processes apart).
 */
import { deriveSeed } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DDPMScheduler, posteriorCoefficients } from './ddpm-scheduler.js';
import { DDPM } from './ddpm.js';
import { NoiseProcess, type VariancePreservingConfig } from './noise-process.js';
import { TINY_UNET, tinyImages } from './test-utils/tiny-models.js';
import { diffusionNegativeBound, discretizedGaussianLogLikelihood } from './variational-bound.js';

const PROCESS: VariancePreservingConfig = { type: 'variance-preserving', numTrainTimesteps: 4, betaSchedule: 'linear', betaStart: 0.05, betaEnd: 0.4 };
const SEED = 7;
/** A stand-in network whose x_0 = (x - s eps) / a overshoots: eps = -2 x. */
const overshooting = (xt: tf.Tensor) => tf.mul(xt, -2);

/** The negative bound per example, built from the DDPM scheduler's own steps. */
function boundFromSampler(x0: tf.Tensor, clipSample: number | null): Float32Array {
  const process = new NoiseProcess(PROCESS);
  const scheduler = new DDPMScheduler({ process: PROCESS, clipSample });
  const T = process.numLevels;
  expect(scheduler.timesteps).toEqual([3, 2, 1, 0]);
  return tf.tidy(() => {
    const perExample = (t: tf.Tensor) => tf.sum(t, 1);
    const noiseAt = (t: number) => tf.randomNormal(x0.shape, 0, 1, 'float32', deriveSeed(SEED, t));
    const last = process.level(T - 1);
    let total = perExample(tf.mul(tf.sub(tf.add(tf.mul(tf.square(x0), last.signalScale ** 2), last.noiseStd ** 2), 1 + Math.log(last.noiseStd ** 2)), 0.5));
    for (let t = 1; t < T; t++) {
      const index = T - 1 - t;
      const xt = process.addNoise(x0, noiseAt(t), t);
      const stepSeed = 100 + t;
      const { prevSample, predOriginalSample } = scheduler.step(overshooting(xt), index, xt, { seed: stepSeed });
      predOriginalSample.dispose();
      const variance = scheduler.stepVariance(index);
      // the mean of the Gaussian the step sampled from: the draw minus its noise
      const samplerMean = tf.sub(prevSample, tf.mul(tf.randomNormal(xt.shape, 0, 1, 'float32', stepSeed), Math.sqrt(variance)));
      const c = posteriorCoefficients(process.level(t), process.level(t - 1));
      const posteriorMean = tf.add(tf.mul(x0, c.originalCoefficient), tf.mul(xt, c.sampleCoefficient));
      expect(variance).toBeCloseTo(c.variance, 12);
      total = tf.add(total, tf.div(perExample(tf.square(tf.sub(posteriorMean, samplerMean))), 2 * variance));
    }
    // the last step (level 0 to clean) adds no noise: its output is the decoder mean
    const x1 = process.addNoise(x0, noiseAt(0), 0);
    const { prevSample: decoderMean, predOriginalSample } = scheduler.step(overshooting(x1), T - 1, x1);
    predOriginalSample.dispose();
    const decoderStd = Math.sqrt(posteriorCoefficients(process.level(1), process.level(0)).variance);
    total = tf.sub(total, discretizedGaussianLogLikelihood(x0, decoderMean, decoderStd));
    return total.dataSync() as Float32Array;
  });
}

describe('the DDPM variational bound and the sampler describe the same reverse process', () => {
  const x0 = () => tf.tidy(() => tf.sub(tf.div(tf.round(tf.mul(tf.add(tf.randomUniform([3, 16], -1, 1, 'float32', 5), 1), 127.5)), 127.5), 1));

  it('the predicted x_0 of the toy leaves [-1, 1], so clipping matters', () => {
    const x = x0();
    const process = new NoiseProcess(PROCESS);
    for (let t = 0; t < process.numLevels; t++) {
      const { signalScale: a, noiseStd: s } = process.level(t);
      const outside = tf.tidy(() => {
        const xt = process.addNoise(x, tf.randomNormal(x.shape, 0, 1, 'float32', deriveSeed(SEED, t)), t);
        const predicted = tf.div(tf.sub(xt, tf.mul(overshooting(xt), s)), a);
        return tf.mean(tf.cast(tf.greater(tf.abs(predicted), 1), 'float32')).dataSync()[0];
      });
      expect(outside, `level ${t}`).toBeGreaterThan(0.2);
    }
    x.dispose();
  });

  for (const clipSample of [1, null]) {
    it(`with clipSample ${clipSample}: L_T + sum_t KL(q || the sampler's step) + L_0(the sampler's output)`, () => {
      const x = x0();
      const bound = diffusionNegativeBound(new NoiseProcess(PROCESS), overshooting, x, { numTimesteps: 3, seed: SEED, predictionType: 'epsilon', clipSample });
      const expected = boundFromSampler(x, clipSample);
      const actual = bound.dataSync();
      for (let i = 0; i < 3; i++) expect(Math.abs(actual[i] - expected[i]) / expected[i]).toBeLessThan(1e-4);
      tf.dispose([x, bound]);
    });
  }

  it('clipping at every step changes the bound (the old bound, clipped in L_0 only, described another process)', () => {
    const x = x0();
    const clipped = boundFromSampler(x, 1);
    const unclipped = boundFromSampler(x, null);
    for (let i = 0; i < 3; i++) expect(Math.abs(clipped[i] - unclipped[i]) / clipped[i]).toBeGreaterThan(0.1);
    x.dispose();
  });

  it("DDPM.elbo uses the config's clipSample, the default sampler's", () => {
    const config = { ...TINY_UNET, numTrainTimesteps: 30, boundTimesteps: 3, seed: 4 };
    const clipping = new DDPM({ ...config, clipSample: 1 });
    const plain = new DDPM({ ...config, clipSample: null });
    const x = tinyImages(2, 2);
    const a = clipping.elbo(x, { seed: 1 });
    const b = plain.elbo(x, { seed: 1 });
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(b.dataSync()));
    tf.dispose([x, a, b]);
    clipping.dispose();
    plain.dispose();
  });
});
