/**
 * Which class rebuilds a run's model, keyed by the `modelType` of the model config that a run's
 * config.json stores (`record.model.modelType`): the browser-safe counterpart of the CLI's
 * apps/cli/src/model-registry.ts (whose entries also carry Node-only data loading). Only public
 * constructors of the model packages are used.
 */
import { createAutoregressiveModel } from '@genmodels/autoregressive';
import type { GenerativeModel, ModelConfig } from '@genmodels/core-nn';
import { Glow, MAF, RealNVP } from '@genmodels/flow';
import { GAN, type GANConfigInput } from '@genmodels/gan';
import { DDPM, type DiffusionConfigInput, NCSN } from '@genmodels/score-diffusion';
import { AAE, Autoencoder, CVAE, VAE, type AutoencoderConfigInput, type VAEConfigInput, WAE } from '@genmodels/vae';

export interface StudioModelEntry {
  family: 'vae' | 'autoencoder' | 'gan' | 'autoregressive' | 'flow' | 'diffusion';
  /** True when `sample` takes a temperature (core-nn SampleOptions: flows and autoregressive models). */
  temperature: boolean;
  /** True when `sample` is an iterative loop worth a progress bar. */
  iterative: boolean;
  create(config: ModelConfig): GenerativeModel<unknown>;
}

const vae = (create: (c: VAEConfigInput) => GenerativeModel<unknown>): StudioModelEntry => ({
  family: 'vae',
  temperature: false,
  iterative: false,
  create: (config) => create(config as VAEConfigInput),
});
const autoencoder = (create: (c: AutoencoderConfigInput) => GenerativeModel<unknown>): StudioModelEntry => ({
  family: 'autoencoder',
  temperature: false,
  iterative: false,
  create: (config) => create(config as AutoencoderConfigInput),
});
const gan: StudioModelEntry = { family: 'gan', temperature: false, iterative: false, create: (config) => new GAN(config as GANConfigInput) };
const autoregressive: StudioModelEntry = {
  family: 'autoregressive',
  temperature: true,
  iterative: true,
  create: (config) => createAutoregressiveModel(config as never) as unknown as GenerativeModel<unknown>,
};
const flow = (create: (c: never) => GenerativeModel<unknown>): StudioModelEntry => ({ family: 'flow', temperature: true, iterative: false, create: (config) => create(config as never) });
const diffusion = (create: (c: DiffusionConfigInput) => GenerativeModel<unknown>): StudioModelEntry => ({
  family: 'diffusion',
  temperature: false,
  iterative: true,
  create: (config) => create(config as DiffusionConfigInput),
});

export const STUDIO_MODELS: Readonly<Record<string, StudioModelEntry>> = Object.freeze({
  vae: vae((c) => new VAE(c)),
  'conv-vae': vae((c) => new VAE(c)),
  iwae: vae((c) => new VAE(c)),
  cvae: vae((c) => new CVAE(c)),
  ae: autoencoder((c) => new Autoencoder(c)),
  wae: autoencoder((c) => new WAE(c)),
  aae: autoencoder((c) => new AAE(c)),
  gan,
  dcgan: gan,
  wgan: gan,
  'wgan-gp': gan,
  cgan: gan,
  nade: autoregressive,
  rnade: autoregressive,
  made: autoregressive,
  pixelcnn: autoregressive,
  'gated-pixelcnn': autoregressive,
  pixelrnn: autoregressive,
  realnvp: flow((c) => new RealNVP(c)),
  glow: flow((c) => new Glow(c)),
  maf: flow((c) => new MAF(c)),
  ddpm: diffusion((c) => new DDPM(c)),
  ncsn: diffusion((c) => new NCSN(c)),
});

/** The entry for a model config's modelType; a one-line error names the known ones. */
export function studioModelEntry(modelType: string): StudioModelEntry {
  const entry = STUDIO_MODELS[modelType];
  if (entry === undefined) throw new Error(`the studio cannot rebuild a "${modelType}" model; it knows ${Object.keys(STUDIO_MODELS).join(', ')}`);
  return entry;
}
