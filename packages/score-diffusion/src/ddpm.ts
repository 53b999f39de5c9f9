/**
 * DDPM (Ho, Jain & Abbeel 2020, "Denoising Diffusion Probabilistic Models"): a UNet trained to
 * predict the noise of x_t = sqrt(alphaBar_t) x_0 + sqrt(1 - alphaBar_t) eps (L_simple), sampled
 * ancestrally in T steps, or with DDIM (Song et al. 2021) in far fewer by swapping the scheduler.
 * `elbo` is the variational bound (Ho et al. eq. 5), a bound and never a likelihood.
 */
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { BoundModel, LikelihoodSpec } from '@genmodels/core-nn';
import type { DiffusionConfigInput } from './diffusion-config.js';
import { DiffusionModel } from './diffusion-model.js';
import { diffusionNegativeBound } from './variational-bound.js';

export class DDPM extends DiffusionModel implements BoundModel {
  readonly modelType = 'ddpm' as const;
  /** The discretized bound of 8-bit images; none for the MLP on real-valued points. */
  readonly likelihoodSpec: LikelihoodSpec | null = this.config.network === 'unet' ? { kind: 'diffusion-vlb', dataSpace: 'discrete' } : null;

  constructor(config: DiffusionConfigInput = {}) {
    super('ddpm', config);
  }

  /**
   * A lower bound on log p(x) in nats per example for images in [-1, 1] quantized to 8 bits:
   * minus Ho et al.'s L_T + sum_t L_t + L_0, with the sum over t estimated from config.boundTimesteps
   * stratified timesteps (an unbiased estimate of the bound; exact with boundTimesteps >= T - 1).
   * It is the bound of the reverse process the default sampler draws from: the DDPM posterior at the
   * predicted x_0, clipped to [-clipSample, clipSample] at every step as the sampler clips it
   * (config.clipSample; none when null), with the fixedSmall variance. Uses the EMA weights when
   * the model keeps them.
   */
  elbo(x: Tensor, options: { numImportanceSamples?: number; seed?: number } = {}): Tensor1D {
    this.checkData(x);
    if (options.numImportanceSamples !== undefined && options.numImportanceSamples !== 1) {
      throw new Error('DDPM.elbo: numImportanceSamples does not apply to the diffusion bound; leave it out');
    }
    if (this.config.network !== 'unet') throw new Error('DDPM.elbo: the discretized bound is defined for 8-bit images (network unet)');
    const bound = diffusionNegativeBound(this.process, this.denoiser(), x, {
      numTimesteps: this.config.boundTimesteps,
      seed: options.seed ?? 20200,
      predictionType: this.config.predictionType,
      clipSample: this.config.clipSample,
    });
    try {
      return tf.neg(bound) as Tensor1D;
    } finally {
      bound.dispose();
    }
  }
}
