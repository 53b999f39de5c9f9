/**
 * The conditional VAE (Sohn et al. 2015, "Learning Structured Output Representation using Deep
 * Conditional Generative Models"; Kingma et al. 2014, M2 with observed labels): the class label y
 * enters the encoder q(z|x, y) and the decoder p(x|z, y), and the prior stays N(0, I), so
 * sampling z ~ N(0, I) with a chosen y draws an example of that class (`options.labels`, one
 * per sample; classes 0, 1, ..., numClasses - 1 cycled when none are given). Trains on batches
 * { x, labels } (labeledTensorDataSource from @genmodels/core-data).
 */
import type { ConditionalModel } from '@genmodels/core-nn';
import { VAE } from './vae.js';
import type { VAEConfigInput } from './vae-config.js';

export class CVAE extends VAE implements ConditionalModel {
  readonly numClasses: number;

  /** Defaults to modelType 'cvae' with 10 classes; any VAE network, observation model and objective applies. */
  constructor(config: VAEConfigInput = {}) {
    super({ ...config, modelType: 'cvae' });
    this.numClasses = this.config.numClasses;
  }
}
