import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createScheduler } from '../create-scheduler.js';
import type { DenoisingModel } from '../denoising-model.js';
import { DDPM_PROCESS, NoiseProcess } from '../noise-process.js';
import { SCHEDULER_NAMES } from '../scheduler.js';
import { exactMixtureModel } from '../test-utils/gaussian-mixture.js';
import { inpaintPipeline } from './inpaint-pipeline.js';

/** A stand-in network on 4x4 images: eps = 0.3 x. */
const linearModel: DenoisingModel = {
  sampleShape: [4, 4, 1],
  process: new NoiseProcess(DDPM_PROCESS),
  predictionType: 'epsilon',
  denoiser: () => (x) => tf.mul(x, 0.3),
};

describe('inpaintPipeline', () => {
  for (const name of SCHEDULER_NAMES) {
    for (const resampleSteps of [1, 3]) {
      it(`never changes known pixels and fills every unknown one (${name}, resampleSteps ${resampleSteps})`, async () => {
        const scheduler = createScheduler(name, { process: DDPM_PROCESS, eta: 0.5, stepsPerLevel: 2 });
        scheduler.setTimesteps(6);
        const known = tf.randomUniform([3, 4, 4, 1], -1, 1, 'float32', 8);
        const mask = tf.tensor4d(Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 1 : 0)), [1, 4, 4, 1]);
        const steps: number[] = [];
        const out = await inpaintPipeline(linearModel, scheduler, known, mask, { seed: 3, resampleSteps, onStep: ({ index }) => void steps.push(index) });
        const o = out.dataSync();
        const k = known.dataSync();
        let unknownChanged = 0;
        for (let i = 0; i < o.length; i++) {
          if (i % 4 < 2) expect(o[i]).toBe(k[i]);
          else if (o[i] !== k[i]) unknownChanged++;
          expect(Number.isFinite(o[i])).toBe(true);
        }
        expect(unknownChanged).toBe(o.length / 2);
        // one callback per scheduler step, whatever the resampling
        expect(steps).toEqual(Array.from({ length: scheduler.timesteps.length }, (_, i) => i));
        tf.dispose([known, mask, out]);
      });
    }
  }

  it('fills the unknown coordinate from the conditional distribution (exact denoiser, correlated 2-D Gaussian mixture)', async () => {
    // Two tight modes at (-1, -1) and (1, 1): knowing x_1 = 1 pins x_2 near 1.
    const model = exactMixtureModel(DDPM_PROCESS, { means: [[-1, -1], [1, 1]], weights: [0.5, 0.5], std: 0.1 });
    const scheduler = createScheduler('ddpm', { process: DDPM_PROCESS });
    scheduler.setTimesteps(100);
    const image = tf.tensor2d(new Array(400).fill(0).map((_, i) => (i % 2 === 0 ? 1 : 0)), [200, 2]);
    const mask = tf.tensor2d([[1, 0]]);
    const out = await inpaintPipeline(model, scheduler, image, mask, { seed: 5, resampleSteps: 2 });
    const filled = Array.from(out.dataSync()).filter((_, i) => i % 2 === 1);
    const mean = filled.reduce((a, b) => a + b, 0) / filled.length;
    expect(mean).toBeGreaterThan(0.9);
    expect(mean).toBeLessThan(1.1);
    tf.dispose([image, mask, out]);
  });

  it('rejects a mask that does not broadcast and a bad resampleSteps', async () => {
    const scheduler = createScheduler('ddim', { process: DDPM_PROCESS });
    const x = tf.zeros([2, 4, 4, 1]);
    const mask = tf.ones([3, 3]);
    const good = tf.ones([1, 4, 4, 1]);
    await expect(inpaintPipeline(linearModel, scheduler, x, mask)).rejects.toThrow(/does not broadcast/);
    await expect(inpaintPipeline(linearModel, scheduler, x, good, { resampleSteps: 0 })).rejects.toThrow(/resampleSteps/);
    tf.dispose([x, mask, good]);
  });
});
