import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { AnnealedLangevinScheduler } from './annealed-langevin-scheduler.js';
import { createScheduler } from './create-scheduler.js';
import { DDIMScheduler } from './ddim-scheduler.js';
import { DDPMScheduler } from './ddpm-scheduler.js';
import { DDPM_PROCESS, type NoiseProcessConfig } from './noise-process.js';
import { runPipelineSync } from './pipelines/pipeline-run.js';
import { sampleSteps } from './pipelines/sample-pipeline.js';
import { SCHEDULER_NAMES } from './scheduler.js';
import { selectTimesteps } from './select-timesteps.js';
import { exactMixtureModel, modeProportions, type IsotropicMixture } from './test-utils/gaussian-mixture.js';

const VE_SMALL: NoiseProcessConfig = { type: 'variance-exploding', numLevels: 20, sigmaMin: 0.02, sigmaMax: 20 };
const VE_FINE: NoiseProcessConfig = { ...VE_SMALL, numLevels: 200 };

describe('timesteps', () => {
  it('are strictly decreasing for every spacing and step count', () => {
    for (const spacing of ['leading', 'trailing', 'linspace'] as const) {
      for (const n of [1, 2, 7, 50, 333, 999, 1000]) {
        const ts = selectTimesteps(1000, n, spacing);
        expect(ts).toHaveLength(n);
        for (let i = 1; i < ts.length; i++) expect(ts[i], `${spacing} n=${n} at ${i}`).toBeLessThan(ts[i - 1]);
        expect(ts[ts.length - 1]).toBeGreaterThanOrEqual(0);
        expect(ts[0]).toBeLessThanOrEqual(999);
      }
    }
    expect(selectTimesteps(1000, 50, 'trailing')[0]).toBe(999);
    expect(selectTimesteps(1000, 50, 'leading')).toContain(0);
    expect(() => selectTimesteps(10, 11, 'trailing')).toThrow(/\[1, 10\]/);
  });

  it('DDPM with all steps visits every level from T - 1 to 0', () => {
    const scheduler = new DDPMScheduler({ process: DDPM_PROCESS });
    expect(scheduler.timesteps).toEqual(Array.from({ length: 1000 }, (_, i) => 999 - i));
  });
});

describe('DDIM with eta = 1 and all timesteps', () => {
  it("has DDPM's posterior variance beta~_t = (1 - alphaBar_{t-1}) / (1 - alphaBar_t) beta_t", () => {
    const ddpm = new DDPMScheduler({ process: DDPM_PROCESS });
    const ddim = new DDIMScheduler({ process: DDPM_PROCESS, eta: 1 });
    ddim.setTimesteps(1000);
    expect(ddim.timesteps).toEqual(ddpm.timesteps);
    const betas = ddpm.process.betas;
    for (let i = 0; i < 999; i++) {
      const t = ddpm.timesteps[i];
      const closed = ((1 - ddpm.process.alphaBar(t - 1)) / (1 - ddpm.process.alphaBar(t))) * betas[t];
      expect(Math.abs(ddim.stepVariance(i) - closed) / closed).toBeLessThan(1e-9);
      expect(Math.abs(ddpm.stepVariance(i) - closed) / closed).toBeLessThan(1e-9);
    }
    // eta = 0 is deterministic
    const deterministic = new DDIMScheduler({ process: DDPM_PROCESS, eta: 0 });
    expect(deterministic.stepVariance(3)).toBe(0);
  });

  it('takes the same step as DDPM for the same model output and noise', () => {
    const ddpm = new DDPMScheduler({ process: DDPM_PROCESS });
    const ddim = new DDIMScheduler({ process: DDPM_PROCESS, eta: 1 });
    ddim.setTimesteps(1000);
    const x = tf.randomNormal([4, 3], 0, 1, 'float32', 11);
    const eps = tf.randomNormal([4, 3], 0, 1, 'float32', 12);
    for (const index of [0, 500, 990]) {
      const a = ddpm.step(eps, index, x, { seed: 5 });
      const b = ddim.step(eps, index, x, { seed: 5 });
      const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(a.prevSample, b.prevSample))).dataSync()[0]);
      expect(gap).toBeLessThan(1e-4);
      tf.dispose([a.prevSample, a.predOriginalSample, b.prevSample, b.predOriginalSample]);
    }
    tf.dispose([x, eps]);
  });
});

describe('DDIM inversion step', () => {
  it('is the exact inverse of a deterministic DDIM step for the same model output (eq. 12 solved for x_t)', () => {
    const ddim = new DDIMScheduler({ process: DDPM_PROCESS, eta: 0 });
    ddim.setTimesteps(20);
    const x = tf.randomNormal([4, 3], 0, 1, 'float32', 21);
    const eps = tf.randomNormal([4, 3], 0, 1, 'float32', 22);
    for (const index of [0, 7, 18]) {
      const { prevSample, predOriginalSample } = ddim.step(eps, index, x);
      // eps-prediction: the step keeps eps, so inverting from the step's output with the same eps returns x
      const back = ddim.invertStep(eps, prevSample, ddim.levelAfter(index), ddim.levelBefore(index));
      const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(back.prevSample, x))).dataSync()[0]);
      expect(gap).toBeLessThan(1e-4);
      // x_0 = (x_t - s_t eps) / a_t
      const { signalScale: a, noiseStd: s } = ddim.levelBefore(index);
      const closed = tf.tidy(() => tf.div(tf.sub(x, tf.mul(eps, s)), a));
      expect(tf.tidy(() => tf.max(tf.abs(tf.sub(predOriginalSample, closed))).dataSync()[0])).toBeLessThan(1e-5);
      tf.dispose([prevSample, predOriginalSample, back.prevSample, back.predOriginalSample, closed]);
    }
    tf.dispose([x, eps]);
  });
});

/** Exact epsilon of 1-D data N(mu, tau^2): E[eps | x_t] = s (x - a mu) / (a^2 tau^2 + s^2). */
const GAUSSIAN: IsotropicMixture = { means: [[0.5]], weights: [1], std: 0.3 };

describe('every scheduler samples a known Gaussian from its exact denoiser', () => {
  // Langevin step sizes: alpha / sigma^2 = stepSize / sigma_min^2 = 0.5 on both processes.
  const cases: [string, NoiseProcessConfig, number][] = [
    ['ddpm', DDPM_PROCESS, 1000],
    ['ddim', DDPM_PROCESS, 50],
    ['langevin', VE_SMALL, 20],
    ['pc', VE_SMALL, 20],
    ['ddpm', VE_FINE, 200],
    ['ddim', VE_SMALL, 20],
    ['langevin', DDPM_PROCESS, 20],
    ['pc', DDPM_PROCESS, 100],
  ];
  for (const [name, process, steps] of cases) {
    it(`${name} on a ${process.type} process with ${steps} steps`, () => {
      const sigmaMin = process.type === 'variance-exploding' ? process.sigmaMin : 0.01;
      const scheduler = createScheduler(name as never, { process, stepsPerLevel: 20, stepSize: 0.5 * sigmaMin ** 2 });
      scheduler.setTimesteps(steps);
      const samples = runPipelineSync(sampleSteps(exactMixtureModel(process, GAUSSIAN), scheduler, 3000, { seed: 9 }));
      const { mean, variance } = tf.moments(samples);
      expect(mean.dataSync()[0]).toBeCloseTo(0.5, 1);
      expect(Math.sqrt(variance.dataSync()[0])).toBeGreaterThan(0.26);
      expect(Math.sqrt(variance.dataSync()[0])).toBeLessThan(0.34);
      tf.dispose([samples, mean, variance]);
    });
  }
  expect(SCHEDULER_NAMES).toHaveLength(4);
});

describe('annealed Langevin dynamics with the exact score of a 2-D mixture', () => {
  it('samples every mode in the right proportions (Song & Ermon 2019)', () => {
    const mixture: IsotropicMixture = { means: [[-4, 0], [4, 0], [0, 4]], weights: [0.2, 0.3, 0.5], std: 0.4 };
    const process: NoiseProcessConfig = { type: 'variance-exploding', numLevels: 10, sigmaMin: 0.3, sigmaMax: 10 };
    const scheduler = new AnnealedLangevinScheduler({ process, stepsPerLevel: 60, stepSize: 0.018, denoiseFinal: false });
    const samples = runPipelineSync(sampleSteps(exactMixtureModel(process, mixture), scheduler, 2000, { seed: 21 }));
    const values = samples.dataSync() as Float32Array;
    const proportions = modeProportions(values, 2, mixture.means);
    mixture.weights.forEach((w, k) => expect(Math.abs(proportions[k] - w), `mode ${k}: ${proportions[k]} vs ${w}`).toBeLessThan(0.04));
    // and the samples sit on the modes (perturbed std sqrt(0.4^2 + 0.3^2) = 0.5 at the last level)
    let near = 0;
    for (let i = 0; i < 2000; i++) {
      const d = Math.min(...mixture.means.map((m) => Math.hypot(values[2 * i] - m[0], values[2 * i + 1] - m[1])));
      if (d < 1.5) near++;
    }
    expect(near / 2000).toBeGreaterThan(0.97);
    samples.dispose();
  });

  it('without annealing (one small level) gets the proportions wrong: the test can tell', () => {
    const mixture: IsotropicMixture = { means: [[-4, 0], [4, 0], [0, 4]], weights: [0.2, 0.3, 0.5], std: 0.4 };
    const process: NoiseProcessConfig = { type: 'variance-exploding', numLevels: 1, sigmaMin: 0.3, sigmaMax: 0.3 };
    const scheduler = new AnnealedLangevinScheduler({ process, stepsPerLevel: 300, stepSize: 0.018, denoiseFinal: false });
    scheduler.setTimesteps(1);
    // start spread uniformly over a box, as NCSN's original sampler did
    const start = tf.randomUniform([2000, 2], -8, 8, 'float32', 5);
    const samples = runPipelineSync(sampleSteps(exactMixtureModel(process, mixture), scheduler, 2000, { seed: 21, initialSample: start }));
    const proportions = modeProportions(samples.dataSync() as Float32Array, 2, mixture.means);
    const worst = Math.max(...mixture.weights.map((w, k) => Math.abs(proportions[k] - w)));
    expect(worst).toBeGreaterThan(0.06);
    tf.dispose([samples, start]);
  });
});
