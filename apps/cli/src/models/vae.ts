/**
 * CLI entries of @genmodels/vae: vae (MLP), conv-vae, conv-vae-8bit (discretized logistic on
 * 8-bit pixels), iwae, cvae (conditional), and the autoencoder baselines ae, wae, aae. Images are
 * statically binarized (Bernoulli decoder) except for conv-vae-8bit; 2-D toy points use a Gaussian
 * decoder and a 2-D latent. Any config key can be set with `--set key=value`, e.g.
 * `--set 'klWarmup={"steps":5000,"start":0}'`, `--set numImportanceSamples=50`,
 * `--set 'denoising={"kind":"gaussian","level":0.3}'`, `--set regularizationWeight=10`.
 */
import { parseConfig } from '@genmodels/core-nn';
import {
  AAE,
  Autoencoder,
  AutoencoderConfigSchema,
  CVAE,
  VAE,
  VAEConfigError,
  VAEConfigSchema,
  WAE,
  type AutoencoderConfigInput,
  type AutoencoderModelType,
  type VAEConfigInput,
  type VAEModelType,
} from '@genmodels/vae';
import { z } from 'zod';
import type { DataKind } from '../training-data.js';
import { type DataPreparation, type ModelEntry, type ModelFlags, type TrainFlag, defineModel } from '../model-entry.js';
import type { TrainingData } from '../training-data.js';

/** VAEs and autoencoders sample from the prior: no options beyond the seed (and labels for cvae). */
const NO_SAMPLE_OPTIONS = z.strictObject({});

/** Keys shared by every entry: inputs, points defaults, and the generic flags. */
function commonInput(data: TrainingData, flags: ModelFlags, conv: boolean) {
  const points = data.kind === 'points';
  return {
    inputShape: conv && data.imageShape ? [...data.imageShape] : data.inputShape,
    ...(points ? { observationModel: 'gaussian' as const, latentDim: 2, encoderUnits: [64, 64], decoderUnits: [64, 64] } : {}),
    ...(flags.latentDim !== undefined ? { latentDim: flags.latentDim } : {}),
    ...(flags.hiddenUnits ? { encoderUnits: flags.hiddenUnits, decoderUnits: [...flags.hiddenUnits].reverse() } : {}),
    ...(flags.learningRate !== undefined ? { optimizer: { learningRate: flags.learningRate } } : {}),
  };
}

const ALL_FLAGS: readonly TrainFlag[] = ['latentDim', 'hiddenUnits', 'learningRate', 'beta'];

function vaeEntry(name: string, modelType: VAEModelType, summary: string, options: { conv?: boolean; eightBit?: boolean } = {}): ModelEntry {
  const conv = options.conv ?? false;
  return defineModel({
    modelType: name,
    summary,
    dataKinds: conv ? ['image'] : ['image', 'points'],
    dataRequest: (kind: DataKind): DataPreparation =>
      kind === 'points' ? { preprocessing: 'unit', flatten: true } : { preprocessing: options.eightBit ? 'unit' : 'binarized', flatten: !conv },
    conditional: modelType === 'cvae',
    sampleRange: 'unit',
    trainFlags: () => ALL_FLAGS,
    sampleOptions: NO_SAMPLE_OPTIONS,
    preset: (data, flags, seed): VAEConfigInput => ({
      modelType,
      ...commonInput(data, flags, conv),
      ...(options.eightBit ? { observationModel: 'discretized-logistic' as const } : {}),
      ...(modelType === 'cvae' ? { numClasses: data.numClasses } : {}),
      ...(flags.beta !== undefined ? { beta: flags.beta } : {}),
      seed,
    }),
    parseConfig: (input) => parseConfig(VAEConfigSchema, input, { name: 'VAE config', error: VAEConfigError }),
    create: (config) => (modelType === 'cvae' ? new CVAE(config) : new VAE(config)),
  });
}

function autoencoderEntry(modelType: AutoencoderModelType, summary: string): ModelEntry {
  return defineModel({
    modelType,
    summary,
    dataKinds: ['image', 'points'],
    dataRequest: (kind: DataKind): DataPreparation => (kind === 'points' ? { preprocessing: 'unit', flatten: true } : { preprocessing: 'binarized', flatten: true }),
    sampleRange: 'unit',
    // --beta is the regularization weight of wae and aae; the plain autoencoder has none.
    trainFlags: () => (modelType === 'ae' ? ALL_FLAGS.filter((flag) => flag !== 'beta') : ALL_FLAGS),
    sampleOptions: NO_SAMPLE_OPTIONS,
    preset: (data, flags, seed): AutoencoderConfigInput => ({
      modelType,
      ...commonInput(data, flags, false),
      ...(flags.beta !== undefined ? { regularizationWeight: flags.beta } : {}),
      seed,
    }),
    parseConfig: (input) => parseConfig(AutoencoderConfigSchema, input, { name: 'autoencoder config', error: VAEConfigError }),
    create(config) {
      if (modelType === 'wae') return new WAE(config);
      if (modelType === 'aae') return new AAE(config);
      return new Autoencoder(config);
    },
  });
}

export const vaeModels: readonly ModelEntry[] = [
  vaeEntry('vae', 'vae', 'MLP variational autoencoder (Kingma & Welling 2014); Bernoulli decoder on binarized images, Gaussian on 2-D points; --beta, KL warm-up and denoising via --set'),
  vaeEntry('conv-vae', 'conv-vae', 'convolutional VAE (stride-2 conv encoder, transposed-conv decoder), Bernoulli decoder on binarized images', { conv: true }),
  vaeEntry('conv-vae-8bit', 'conv-vae', 'convolutional VAE with a discretized logistic decoder on 8-bit images (Salimans et al. 2017)', { conv: true, eightBit: true }),
  vaeEntry('iwae', 'iwae', 'importance weighted autoencoder (Burda et al. 2016), trained on the K-sample bound (numImportanceSamples, default 5)'),
  vaeEntry('cvae', 'cvae', 'conditional VAE (Sohn et al. 2015): labels into encoder and decoder; sample --labels'),
  autoencoderEntry('ae', 'plain autoencoder, the non-generative baseline (denoising with --set denoising=...); samples from a Gaussian fitted to its codes'),
  autoencoderEntry('wae', 'Wasserstein autoencoder with an MMD penalty (Tolstikhin et al. 2018); --beta sets lambda'),
  autoencoderEntry('aae', 'adversarial autoencoder (Makhzani et al. 2016): a discriminator on the latent; --beta sets the adversarial weight'),
];
