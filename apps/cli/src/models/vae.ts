/** CLI entries of @genmodels/vae. */
import { VAE, resolveVAEConfig } from '@genmodels/vae';
import type { ModelEntry } from '../model-entry.js';

const vae: ModelEntry = {
  modelType: 'vae',
  summary: 'MLP variational autoencoder (Kingma & Welling 2014); Bernoulli decoder on images, Gaussian on 2-D points',
  dataKinds: ['image', 'points'],
  dataRequest: () => ({ preprocessing: 'binarized', flatten: true }),
  buildConfig(data, flags, seed) {
    const hidden = flags.hiddenUnits;
    return resolveVAEConfig({
      inputShape: data.inputShape,
      observationModel: data.kind === 'image' ? 'bernoulli' : 'gaussian',
      ...(data.kind === 'points' ? { latentDim: 2, encoderUnits: [64, 64], decoderUnits: [64, 64] } : {}),
      ...(flags.latentDim !== undefined ? { latentDim: flags.latentDim } : {}),
      ...(hidden ? { encoderUnits: hidden, decoderUnits: [...hidden].reverse() } : {}),
      ...(flags.beta !== undefined ? { beta: flags.beta } : {}),
      ...(flags.learningRate !== undefined ? { optimizer: { learningRate: flags.learningRate } } : {}),
      ...flags.overrides,
      seed,
    } as never);
  },
  create: (config) => new VAE(config as never),
};

export const vaeModels: readonly ModelEntry[] = [vae];
