/** bench-spec task ddpm (1000-step ancestral sampling) and its DDIM-50 sampling variant; see diffusion-task.ts. */
import { DDPM, type DiffusionSampleOptions } from '@genmodels/score-diffusion';
import type { BenchTask } from './bench-task.js';
import { diffusionTask } from './diffusion-task.js';

const DDIM_50: DiffusionSampleOptions = { scheduler: 'ddim', numInferenceSteps: 50, eta: 0 };

export const ddpmTask: BenchTask = diffusionTask({
  name: 'ddpm',
  description: 'DDPM, [-1,1] images, batch 128, Adam 2e-4, bench-spec UNet, T = 1000 linear betas, MSE on epsilon; sampling: 1000-step ancestral',
  create: (seed) => new DDPM({ seed }),
  timedSampler: { scheduler: 'ddpm', numInferenceSteps: 1000 },
  describeTimedSampler: '1000-step ancestral sampling',
  fidSampler: DDIM_50,
  describeFidSampler: 'DDIM, 50 steps, eta 0',
});

export const ddpmDdim50Task: BenchTask = diffusionTask({
  name: 'ddpm-ddim50',
  description: 'the ddpm task sampled with DDIM in 50 steps (eta 0): the same weights and training step, another scheduler',
  create: (seed) => new DDPM({ seed }),
  timedSampler: DDIM_50,
  describeTimedSampler: 'DDIM, 50 steps, eta 0',
  fidSampler: DDIM_50,
  describeFidSampler: 'DDIM, 50 steps, eta 0',
});
