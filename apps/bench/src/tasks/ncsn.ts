/** bench-spec task ncsn (annealed Langevin, 10 sigmas x 10 steps); see diffusion-task.ts. */
import { NCSN } from '@genmodels/score-diffusion';
import type { BenchTask } from './bench-task.js';
import { diffusionTask } from './diffusion-task.js';

export const ncsnTask: BenchTask = diffusionTask({
  name: 'ncsn',
  description: 'NCSN, [-1,1] images, batch 128, Adam 1e-3, the ddpm UNet on log sigma, 10 sigmas 1..0.01, sigma^2-weighted DSM; sampling: annealed Langevin 10 x 10',
  create: (seed) => new NCSN({ seed }),
  timedSampler: { scheduler: 'langevin', numInferenceSteps: 10, stepsPerLevel: 10 },
  describeTimedSampler: 'annealed Langevin, 10 sigmas x 10 steps',
  fidSampler: { scheduler: 'langevin', numInferenceSteps: 10, stepsPerLevel: 10 },
  describeFidSampler: 'annealed Langevin, 10 sigmas x 10 steps, step size 5e-5, final denoising step',
});
