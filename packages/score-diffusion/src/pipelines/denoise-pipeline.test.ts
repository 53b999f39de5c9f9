import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DDPM_PROCESS, type NoiseProcessConfig } from '../noise-process.js';
import { exactMixtureModel } from '../test-utils/gaussian-mixture.js';
import { denoisePipeline } from './denoise-pipeline.js';

// x ~ N(mu, tau^2) per coordinate, y = x + sigma n: E[x | y] = (tau^2 y + sigma^2 mu) / (tau^2 + sigma^2).
const MU = [0.5, -1];
const TAU = 0.4;
const VE: NoiseProcessConfig = { type: 'variance-exploding', numLevels: 10, sigmaMin: 0.01, sigmaMax: 1 };

describe.each([
  ['variance-preserving', DDPM_PROCESS],
  ['variance-exploding', VE],
] as const)('Tweedie denoising with the exact denoiser of a Gaussian (%s)', (_, process) => {
  for (const sigma of [0.05, 0.3, 0.77]) {
    it(`returns the posterior mean at sigma ${sigma} (between training levels), in one step`, async () => {
      const model = exactMixtureModel(process, { means: [MU], weights: [1], std: TAU });
      const y = tf.randomNormal([64, 2], 0, 1, 'float32', 4);
      const steps: number[] = [];
      const restored = await denoisePipeline(model, y, sigma, { onStep: ({ index, total }) => void steps.push(index + total) });
      expect(steps).toEqual([1]);
      const expected = tf.tidy(() => tf.div(tf.add(tf.mul(y, TAU ** 2), tf.mul(tf.tensor1d(MU), sigma ** 2)), TAU ** 2 + sigma ** 2));
      const error = tf.tidy(() => tf.max(tf.abs(tf.sub(restored, expected))).dataSync()[0]);
      expect(error).toBeLessThan(1e-4);
      // the denoiser was asked at a fractional level whose noise-to-signal ratio is sigma
      const level = model.process.levelAt(model.timesteps[0]);
      expect(level.noiseStd / level.signalScale).toBeCloseTo(sigma, 6);
      tf.dispose([y, restored, expected]);
    });
  }

  it('refuses a sigma outside the trained range', async () => {
    const model = exactMixtureModel(process, { means: [MU], weights: [1], std: TAU });
    const y = tf.zeros([2, 2]);
    await expect(denoisePipeline(model, y, 1e6)).rejects.toThrow(/outside the trained noise range/);
    await expect(denoisePipeline(model, y, -1)).rejects.toThrow(/outside the trained noise range/);
    y.dispose();
  });
});
