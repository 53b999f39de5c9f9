import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DDIMScheduler } from '../ddim-scheduler.js';
import { DDPM_PROCESS, type NoiseProcessConfig } from '../noise-process.js';
import { exactMixtureModel } from '../test-utils/gaussian-mixture.js';
import { ddimInversionPipeline } from './ddim-inversion-pipeline.js';
import { samplePipeline } from './sample-pipeline.js';

const GAUSSIAN = { means: [[0.5, -0.5]], weights: [1], std: 0.3 };
const VE: NoiseProcessConfig = { type: 'variance-exploding', numLevels: 200, sigmaMin: 0.01, sigmaMax: 10 };

function data(n: number): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.mul(tf.randomNormal([n, 2], 0, 1, 'float32', 3), 0.3), tf.tensor1d([0.5, -0.5])) as tf.Tensor2D);
}

describe.each([
  ['variance-preserving', DDPM_PROCESS],
  ['variance-exploding', VE],
] as const)('DDIM inversion with the exact denoiser of a Gaussian (%s)', (_, process) => {
  /** Max and mean absolute error of inverting then sampling 1000 points with `steps` DDIM steps. */
  async function roundTrip(steps: number): Promise<[number, number]> {
    const model = exactMixtureModel(process, GAUSSIAN);
    const scheduler = new DDIMScheduler({ process, eta: 0 });
    scheduler.setTimesteps(steps);
    const x = data(1000);
    const z = await ddimInversionPipeline(model, scheduler, x);
    const back = await samplePipeline(model, scheduler, 1000, { initialSample: z });
    const errors = tf.tidy(() => {
      const e = tf.abs(tf.sub(back, x));
      return [tf.max(e).dataSync()[0], tf.mean(e).dataSync()[0]] as [number, number];
    });
    tf.dispose([x, z, back]);
    return errors;
  }

  it('sampling the latents returns the data up to a first-order discretisation error', async () => {
    const [max50, mean50] = await roundTrip(50);
    const [max200, mean200] = await roundTrip(200);
    // measured: 0.13 / 0.029 at 50 steps, 0.046 / 0.0099 at 200 (variance-preserving)
    expect(mean50).toBeLessThan(0.04);
    expect(max50).toBeLessThan(0.2);
    expect(mean200 / mean50).toBeLessThan(0.4);
    expect(max200 / max50).toBeLessThan(0.4);
  });

  it('maps data to the noisiest level of the process: Gaussian latents with the right moments', async () => {
    const model = exactMixtureModel(process, GAUSSIAN);
    const scheduler = new DDIMScheduler({ process, eta: 0 });
    scheduler.setTimesteps(100);
    const x = data(2000);
    const steps: number[] = [];
    const z = await ddimInversionPipeline(model, scheduler, x, { onStep: ({ timestep }) => void steps.push(timestep) });
    // one step per timestep; network at the least noisy level twice (from the clean data, then from it)
    const ascending = [...scheduler.timesteps].reverse();
    expect(steps).toEqual([ascending[0], ...ascending.slice(0, -1)]);
    // the latent of the Gaussian at the noisiest level: a x + s eps has mean a mu and std sqrt(a^2 tau^2 + s^2)
    const level = model.process.level(ascending[ascending.length - 1]);
    const { mean, variance } = tf.moments(z, 0);
    const m = mean.dataSync();
    const sd = Array.from(variance.dataSync()).map(Math.sqrt);
    const expectedSd = Math.sqrt(level.signalScale ** 2 * 0.09 + level.noiseStd ** 2);
    for (let d = 0; d < 2; d++) {
      expect(Math.abs(m[d] - level.signalScale * GAUSSIAN.means[0][d])).toBeLessThan(0.05 * expectedSd);
      expect(Math.abs(sd[d] / expectedSd - 1)).toBeLessThan(0.05);
    }
    tf.dispose([x, z, mean, variance]);
  });
});
