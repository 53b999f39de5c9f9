/**
 * CLI entries of @genmodels/vae: vae (MLP), conv-vae, conv-vae-8bit (discretized logistic on
 * 8-bit pixels), iwae, cvae (conditional), and the autoencoder baselines ae, wae, aae. Images are
 * statically binarized (Bernoulli decoder) except for conv-vae-8bit; 2-D toy points use a Gaussian
 * decoder and a 2-D latent. Any config key can be set with `--set key=value`, e.g.
 * `--set 'klWarmup={"steps":5000,"start":0}'`, `--set numImportanceSamples=50`,
 * `--set 'denoising={"kind":"gaussian","level":0.3}'`, `--set regularizationWeight=10`.
 */
import {
  AAE,
  Autoencoder,
  CVAE,
  VAE,
  WAE,
  resolveAutoencoderConfig,
  resolveVAEConfig,
  type AutoencoderConfigInput,
  type AutoencoderModelType,
  type VAEConfigInput,
  type VAEModelType,
} from '@genmodels/vae';
import type { DataKind } from '../training-data.js';
import type { ModelEntry, ModelFlags } from '../model-entry.js';
import type { TrainingData } from '../training-data.js';

type Request = ReturnType<ModelEntry['dataRequest']>;

/** Keys shared by every entry: inputs, points defaults, and the generic flags. */
function commonInput(data: TrainingData, flags: ModelFlags, conv: boolean): Record<string, unknown> {
  const points = data.kind === 'points';
  const input: Record<string, unknown> = {
    inputShape: conv && data.imageShape ? data.imageShape : data.inputShape,
    ...(points ? { observationModel: 'gaussian', latentDim: 2, encoderUnits: [64, 64], decoderUnits: [64, 64] } : {}),
  };
  if (flags.latentDim !== undefined) input.latentDim = flags.latentDim;
  if (flags.hiddenUnits) {
    input.encoderUnits = flags.hiddenUnits;
    input.decoderUnits = [...flags.hiddenUnits].reverse();
  }
  if (flags.learningRate !== undefined) input.optimizer = { learningRate: flags.learningRate };
  return input;
}

function vaeEntry(
  name: string,
  modelType: VAEModelType,
  summary: string,
  options: { conv?: boolean; eightBit?: boolean } = {},
): ModelEntry {
  const conv = options.conv ?? false;
  const request = (kind: DataKind): Request =>
    kind === 'points'
      ? { preprocessing: 'unit', flatten: true }
      : { preprocessing: options.eightBit ? 'unit' : 'binarized', flatten: !conv };
  return {
    modelType: name,
    summary,
    dataKinds: conv ? ['image'] : ['image', 'points'],
    dataRequest: request,
    ...(modelType === 'cvae' ? { conditional: true } : {}),
    buildConfig(data, flags, seed) {
      const input: Record<string, unknown> = {
        modelType,
        ...commonInput(data, flags, conv),
        ...(options.eightBit ? { observationModel: 'discretized-logistic' } : {}),
        ...(modelType === 'cvae' ? { numClasses: data.numClasses } : {}),
      };
      if (flags.beta !== undefined) input.beta = flags.beta;
      return resolveVAEConfig({ ...input, ...flags.overrides, seed } as VAEConfigInput);
    },
    create: (config) => (modelType === 'cvae' ? new CVAE(config as VAEConfigInput) : new VAE(config as VAEConfigInput)),
  };
}

function autoencoderEntry(modelType: AutoencoderModelType, summary: string): ModelEntry {
  return {
    modelType,
    summary,
    dataKinds: ['image', 'points'],
    dataRequest: (kind) => (kind === 'points' ? { preprocessing: 'unit', flatten: true } : { preprocessing: 'binarized', flatten: true }),
    buildConfig(data, flags, seed) {
      const input = commonInput(data, flags, false);
      if (flags.beta !== undefined && modelType !== 'ae') input.regularizationWeight = flags.beta;
      return resolveAutoencoderConfig({ modelType, ...input, ...flags.overrides, seed } as AutoencoderConfigInput);
    },
    create(config) {
      const input = config as AutoencoderConfigInput;
      if (modelType === 'wae') return new WAE(input);
      if (modelType === 'aae') return new AAE(input);
      return new Autoencoder(input);
    },
  };
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
