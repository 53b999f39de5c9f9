/**
 * The noise-conditional network of a diffusion or score model: the UNet for images, or a small
 * conditional MLP for low-dimensional points, built under the given Parameters scope (the stored
 * weight names are `network/...`).
 */
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';
import { type DiffusionConfig, unetConfigOf } from './diffusion-config.js';
import { MLPDenoiser } from './mlp-denoiser.js';
import { UNet } from './unet.js';

export interface DenoiserNetwork {
  /** The output for per-example conditioning values (t or log sigma) and optional class labels (UNet only). */
  apply(x: Tensor, conditioning: Tensor1D, labels?: Tensor1D): Tensor;
}

export function createDenoiserNetwork(params: Parameters, config: DiffusionConfig): DenoiserNetwork {
  if (config.network === 'unet') return new UNet(params, unetConfigOf(config));
  const mlp = new MLPDenoiser(params, { dataDim: config.inputShape[0], hiddenUnits: config.hiddenUnits, sinusoidalDim: config.sinusoidalDim });
  return { apply: (x, conditioning) => mlp.apply(x, conditioning) };
}
