/**
 * NCSN (Song & Ermon 2019, "Generative Modeling by Estimating Gradients of the Data
 * Distribution"): a noise-conditional score network on a geometric ladder of sigmas, trained by
 * sigma^2-weighted denoising score matching (the network predicts eps = -sigma * score) and sampled
 * by annealed Langevin dynamics; DDPM, DDIM and predictor-corrector schedulers work too.
 */
import type { DiffusionConfigInput } from './diffusion-config.js';
import { DiffusionModel } from './diffusion-model.js';

export class NCSN extends DiffusionModel {
  readonly modelType = 'ncsn' as const;

  constructor(config: DiffusionConfigInput = {}) {
    super('ncsn', config);
  }
}
