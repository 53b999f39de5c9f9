/**
 * CLI entries of @genmodels/autoregressive. Binary-image models train on statically binarized
 * pixels (x > 0.5); the 8-bit variants (256-way softmax, discretized logistic mixture) on pixels
 * in [0, 1]. Every config key can be overridden with --set key=value.
 */
import {
  AutoregressiveConfigError,
  GatedPixelCNN,
  GatedPixelCNNConfigSchema,
  MADEDensity,
  MADEDensityConfigSchema,
  NADE,
  NADEConfigSchema,
  PixelCNN,
  PixelCNNConfigSchema,
  PixelRNN,
  PixelRNNConfigSchema,
  RNADE,
  RNADEConfigSchema,
} from '@genmodels/autoregressive';
import { parseConfig } from '@genmodels/core-nn';
import type {
  GatedPixelCNNConfigInput,
  MADEDensityConfigInput,
  NADEConfigInput,
  PixelCNNConfigInput,
  PixelRNNConfigInput,
  RNADEConfigInput,
} from '@genmodels/autoregressive';
import { z } from 'zod';
import { CliError } from '../cli-error.js';
import { type DataPreparation, type ModelEntry, type ModelFlags, type TrainFlag, defineModel } from '../model-entry.js';
import type { DataKind, TrainingData } from '../training-data.js';

/** Each conditional is sampled at a temperature T > 0 (logits / T; mixture scales * T). */
const AR_SAMPLE_OPTIONS = z.strictObject({ temperature: z.number().positive().optional() });

const AR_FLAGS: readonly TrainFlag[] = ['hiddenUnits', 'learningRate'];

const binarized = (): DataPreparation => ({ preprocessing: 'binarized', flatten: false });
const unit = (): DataPreparation => ({ preprocessing: 'unit', flatten: false });

function common(data: TrainingData, flags: ModelFlags, seed: number) {
  return {
    inputShape: data.imageShape ? [...data.imageShape] : data.inputShape,
    ...(flags.learningRate !== undefined ? { optimizer: { learningRate: flags.learningRate } } : {}),
    seed,
  };
}

/** The one width a model takes from --hidden (filters, hidden units or LSTM state). */
function oneWidth(modelType: string, flags: ModelFlags, what: string): number | undefined {
  const hidden = flags.hiddenUnits;
  if (!hidden) return undefined;
  if (hidden.length !== 1) throw new CliError(`${modelType} takes one width from --hidden (${what}), got ${hidden.join(',')}; e.g. --hidden ${hidden[0]}`);
  return hidden[0];
}

function filters(modelType: string, flags: ModelFlags): { filters?: number } {
  const width = oneWidth(modelType, flags, 'the number of filters');
  return width === undefined ? {} : { filters: width };
}

const shared = (modelType: string, summary: string, dataKinds: readonly DataKind[], dataRequest: () => DataPreparation, conditional = false) => ({
  modelType,
  summary,
  dataKinds,
  dataRequest,
  conditional,
  sampleRange: 'unit' as const,
  trainFlags: () => AR_FLAGS,
  sampleOptions: AR_SAMPLE_OPTIONS,
});

function pixelcnnEntry(modelType: string, likelihood: 'bernoulli' | 'categorical' | 'logistic-mixture', summary: string): ModelEntry {
  return defineModel({
    ...shared(modelType, summary, ['image'], likelihood === 'bernoulli' ? binarized : unit),
    preset: (data, flags, seed): PixelCNNConfigInput => ({ ...common(data, flags, seed), likelihood, ...filters(modelType, flags) }),
    parseConfig: (input) => parseConfig(PixelCNNConfigSchema, input, { name: 'PixelCNN config', error: AutoregressiveConfigError }),
    create: (config) => new PixelCNN(config),
  });
}

function gatedEntry(modelType: string, summary: string, conditional: boolean): ModelEntry {
  return defineModel({
    ...shared(modelType, summary, ['image'], binarized, conditional),
    preset: (data, flags, seed): GatedPixelCNNConfigInput => ({
      ...common(data, flags, seed),
      ...(conditional ? { numClasses: data.numClasses } : {}),
      ...filters(modelType, flags),
    }),
    parseConfig: (input) => parseConfig(GatedPixelCNNConfigSchema, input, { name: 'GatedPixelCNN config', error: AutoregressiveConfigError }),
    create: (config) => new GatedPixelCNN(config),
  });
}

const entries: ModelEntry[] = [
  defineModel({
    ...shared('nade', 'NADE (Larochelle & Murray 2011): exact likelihood on binarized images, O(DH) running-sum evaluation (--hidden H)', ['image'], binarized),
    preset: (data, flags, seed): NADEConfigInput => {
      const hiddenUnits = oneWidth('nade', flags, 'the hidden units H');
      return { ...common(data, flags, seed), ...(hiddenUnits === undefined ? {} : { hiddenUnits }) };
    },
    parseConfig: (input) => parseConfig(NADEConfigSchema, input, { name: 'NADE config', error: AutoregressiveConfigError }),
    create: (config) => new NADE(config),
  }),
  defineModel({
    ...shared('rnade', 'RNADE (Uria et al. 2013): NADE with mixture-of-Gaussians conditionals for real-valued 2-D points (--hidden H)', ['points'], () => ({
      preprocessing: 'unit',
      flatten: true,
    })),
    preset: (data, flags, seed): RNADEConfigInput => {
      const hiddenUnits = oneWidth('rnade', flags, 'the hidden units H');
      return { ...common(data, flags, seed), inputShape: data.inputShape, ...(hiddenUnits === undefined ? {} : { hiddenUnits }) };
    },
    parseConfig: (input) => parseConfig(RNADEConfigSchema, input, { name: 'RNADE config', error: AutoregressiveConfigError }),
    create: (config) => new RNADE(config),
  }),
  defineModel({
    ...shared('made', 'MADE (Germain et al. 2015): masked MLP on binarized images (--hidden 500,500; --set numMasks=8 ordering=random)', ['image'], binarized),
    preset: (data, flags, seed): MADEDensityConfigInput => ({ ...common(data, flags, seed), ...(flags.hiddenUnits ? { hiddenUnits: flags.hiddenUnits } : {}) }),
    parseConfig: (input) => parseConfig(MADEDensityConfigSchema, input, { name: 'MADE config', error: AutoregressiveConfigError }),
    create: (config) => new MADEDensity(config),
  }),
  pixelcnnEntry('pixelcnn', 'bernoulli', 'PixelCNN (van den Oord et al. 2016): masked convs A then B, residual layers, Bernoulli on binarized images (--hidden 64 = filters)'),
  pixelcnnEntry('pixelcnn-categorical', 'categorical', 'PixelCNN with a 256-way softmax per pixel on 8-bit images'),
  pixelcnnEntry('pixelcnn-logistic', 'logistic-mixture', 'PixelCNN with the discretized logistic mixture of PixelCNN++ on 8-bit images (--set numMixtureComponents=5)'),
  gatedEntry('gated-pixelcnn', 'Gated PixelCNN (van den Oord et al. 2016): vertical + horizontal stacks, no blind spot, binarized images', false),
  gatedEntry('conditional-gated-pixelcnn', 'class-conditional Gated PixelCNN (label embedding in every gate); sample with --labels', true),
  defineModel({
    ...shared('pixelrnn', 'PixelRNN with Row LSTM layers (van den Oord et al. 2016) on binarized images (--hidden 32 = state size)', ['image'], binarized),
    preset: (data, flags, seed): PixelRNNConfigInput => ({ ...common(data, flags, seed), ...filters('pixelrnn', flags) }),
    parseConfig: (input) => parseConfig(PixelRNNConfigSchema, input, { name: 'PixelRNN config', error: AutoregressiveConfigError }),
    create: (config) => new PixelRNN(config),
  }),
];

export const autoregressiveModels: readonly ModelEntry[] = entries;
