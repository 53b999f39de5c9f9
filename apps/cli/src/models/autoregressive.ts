/**
 * CLI entries of @genmodels/autoregressive. Binary-image models train on statically binarized
 * pixels (x > 0.5); the 8-bit variants (256-way softmax, discretized logistic mixture) on pixels
 * in [0, 1]. Every config key can be overridden with --set key=value.
 */
import {
  GatedPixelCNN,
  MADEDensity,
  NADE,
  PixelCNN,
  PixelRNN,
  RNADE,
  resolveGatedPixelCNNConfig,
  resolveMADEDensityConfig,
  resolveNADEConfig,
  resolvePixelCNNConfig,
  resolvePixelRNNConfig,
  resolveRNADEConfig,
} from '@genmodels/autoregressive';
import type { ModelConfig } from '@genmodels/core-nn';
import type { ModelEntry, ModelFlags } from '../model-entry.js';
import type { TrainingData } from '../training-data.js';

function common(data: TrainingData, flags: ModelFlags, seed: number): Record<string, unknown> {
  return {
    inputShape: data.imageShape ?? data.inputShape,
    ...(flags.learningRate !== undefined ? { optimizer: { learningRate: flags.learningRate } } : {}),
    seed,
  };
}

function firstHidden(flags: ModelFlags): Record<string, unknown> {
  return flags.hiddenUnits ? { filters: flags.hiddenUnits[0] } : {};
}

const binarized = () => ({ preprocessing: 'binarized' as const, flatten: false });
const unit = () => ({ preprocessing: 'unit' as const, flatten: false });

function pixelcnnEntry(modelType: string, likelihood: 'bernoulli' | 'categorical' | 'logistic-mixture', summary: string): ModelEntry {
  return {
    modelType,
    summary,
    dataKinds: ['image'],
    dataRequest: likelihood === 'bernoulli' ? binarized : unit,
    buildConfig: (data, flags, seed) =>
      resolvePixelCNNConfig({ ...common(data, flags, seed), likelihood, ...firstHidden(flags), ...flags.overrides, seed } as never),
    create: (config: ModelConfig) => new PixelCNN(config as never),
  };
}

const entries: ModelEntry[] = [
  {
    modelType: 'nade',
    summary: 'NADE (Larochelle & Murray 2011): exact likelihood on binarized images, O(DH) running-sum evaluation (--hidden H)',
    dataKinds: ['image'],
    dataRequest: binarized,
    buildConfig: (data, flags, seed) =>
      resolveNADEConfig({
        ...common(data, flags, seed),
        ...(flags.hiddenUnits ? { hiddenUnits: flags.hiddenUnits[0] } : {}),
        ...flags.overrides,
        seed,
      } as never),
    create: (config) => new NADE(config as never),
  },
  {
    modelType: 'rnade',
    summary: 'RNADE (Uria et al. 2013): NADE with mixture-of-Gaussians conditionals for real-valued 2-D points (--hidden H)',
    dataKinds: ['points'],
    dataRequest: () => ({ preprocessing: 'unit', flatten: true }),
    buildConfig: (data, flags, seed) =>
      resolveRNADEConfig({
        ...common(data, flags, seed),
        inputShape: data.inputShape,
        ...(flags.hiddenUnits ? { hiddenUnits: flags.hiddenUnits[0] } : {}),
        ...flags.overrides,
        seed,
      } as never),
    create: (config) => new RNADE(config as never),
  },
  {
    modelType: 'made',
    summary: 'MADE (Germain et al. 2015): masked MLP on binarized images (--hidden 500,500; --set numMasks=8 ordering=random)',
    dataKinds: ['image'],
    dataRequest: binarized,
    buildConfig: (data, flags, seed) =>
      resolveMADEDensityConfig({
        ...common(data, flags, seed),
        ...(flags.hiddenUnits ? { hiddenUnits: flags.hiddenUnits } : {}),
        ...flags.overrides,
        seed,
      } as never),
    create: (config) => new MADEDensity(config as never),
  },
  pixelcnnEntry('pixelcnn', 'bernoulli', 'PixelCNN (van den Oord et al. 2016): masked convs A then B, residual layers, Bernoulli on binarized images (--hidden 64 = filters)'),
  pixelcnnEntry('pixelcnn-categorical', 'categorical', 'PixelCNN with a 256-way softmax per pixel on 8-bit images'),
  pixelcnnEntry('pixelcnn-logistic', 'logistic-mixture', 'PixelCNN with the discretized logistic mixture of PixelCNN++ on 8-bit images (--set numMixtureComponents=5)'),
  {
    modelType: 'gated-pixelcnn',
    summary: 'Gated PixelCNN (van den Oord et al. 2016): vertical + horizontal stacks, no blind spot, binarized images',
    dataKinds: ['image'],
    dataRequest: binarized,
    buildConfig: (data, flags, seed) =>
      resolveGatedPixelCNNConfig({ ...common(data, flags, seed), ...firstHidden(flags), ...flags.overrides, seed } as never),
    create: (config) => new GatedPixelCNN(config as never),
  },
  {
    modelType: 'conditional-gated-pixelcnn',
    summary: 'class-conditional Gated PixelCNN (label embedding in every gate); sample with --labels',
    dataKinds: ['image'],
    dataRequest: binarized,
    conditional: true,
    buildConfig: (data, flags, seed) =>
      resolveGatedPixelCNNConfig({ ...common(data, flags, seed), numClasses: data.numClasses, ...firstHidden(flags), ...flags.overrides, seed } as never),
    create: (config) => new GatedPixelCNN(config as never),
  },
  {
    modelType: 'pixelrnn',
    summary: 'PixelRNN with Row LSTM layers (van den Oord et al. 2016) on binarized images (--hidden 32 = state size)',
    dataKinds: ['image'],
    dataRequest: binarized,
    buildConfig: (data, flags, seed) =>
      resolvePixelRNNConfig({ ...common(data, flags, seed), ...firstHidden(flags), ...flags.overrides, seed } as never),
    create: (config) => new PixelRNN(config as never),
  },
];

export const autoregressiveModels: readonly ModelEntry[] = entries;
