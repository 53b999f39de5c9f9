/**
 * CLI entries of @genmodels/gan: gan (MLP), dcgan, wgan, wgan-gp and cgan. Images are scaled to
 * [-1, 1] (tanh generators); 2-D toy points are used as they are. Any config key can be set with
 * `--set key=value`, e.g. `--set loss=hinge`, `--set nCritic=3`, `--set emaDecay=0.999`,
 * `--set spectralNorm=true`; `--lr` sets both players' learning rates, `--hidden` the MLP widths.
 */
import { parseConfig } from '@genmodels/core-nn';
import { GAN, GANConfigError, GANConfigSchema } from '@genmodels/gan';
import type { GANConfigInput, GANModelType } from '@genmodels/gan';
import { z } from 'zod';
import { type DataKind, type TrainingData } from '../training-data.js';
import { type ModelEntry, type ModelFlags, type TrainFlag, defineModel } from '../model-entry.js';

/** GANSampleOptions beyond the seed and labels. */
const GAN_SAMPLE_OPTIONS = z.strictObject({
  /** Sample with the EMA generator when the model keeps one (default true). */
  useEma: z.boolean().optional(),
  /** Normalize G's BatchNorm layers with the batch's statistics instead of the moving ones. */
  batchStatistics: z.boolean().optional(),
});

/** `gan` is the MLP GAN of Goodfellow et al. on images too; the others are convolutional on images. */
const isMlp = (modelType: GANModelType, kind: DataKind): boolean => kind === 'points' || modelType === 'gan';

function ganPreset(modelType: GANModelType, data: TrainingData, flags: ModelFlags, seed: number): GANConfigInput {
  const image = data.kind === 'image';
  return {
    modelType,
    inputShape: image && data.imageShape ? [...data.imageShape] : data.inputShape,
    ...(image ? {} : { latentDim: 8, outputActivation: 'linear' as const }),
    ...(image && modelType === 'gan'
      ? { architecture: 'mlp' as const, latentDim: 64, generatorUnits: [256, 512], discriminatorUnits: [512, 256], outputActivation: 'tanh' as const }
      : {}),
    ...(modelType === 'cgan' ? { numClasses: data.numClasses } : {}),
    ...(flags.latentDim !== undefined ? { latentDim: flags.latentDim } : {}),
    ...(flags.hiddenUnits ? { generatorUnits: flags.hiddenUnits, discriminatorUnits: [...flags.hiddenUnits].reverse() } : {}),
    ...(flags.learningRate !== undefined
      ? { generatorOptimizer: { learningRate: flags.learningRate }, discriminatorOptimizer: { learningRate: flags.learningRate } }
      : {}),
    seed,
  };
}

function entry(modelType: GANModelType, summary: string): ModelEntry {
  return defineModel({
    modelType,
    summary,
    dataKinds: ['image', 'points'],
    dataRequest: (kind) => ({ preprocessing: kind === 'image' ? 'symmetric' : 'unit', flatten: false }),
    conditional: modelType === 'cgan',
    sampleRange: 'symmetric',
    // --hidden sets the MLP widths; the convolutional players have channels instead (--set generatorChannels=...).
    trainFlags: (kind): readonly TrainFlag[] => (isMlp(modelType, kind) ? ['latentDim', 'hiddenUnits', 'learningRate'] : ['latentDim', 'learningRate']),
    sampleOptions: GAN_SAMPLE_OPTIONS,
    preset: (data, flags, seed) => ganPreset(modelType, data, flags, seed),
    parseConfig: (input) => parseConfig(GANConfigSchema, input, { name: 'GAN config', error: GANConfigError }),
    create: (config) => new GAN(config),
  });
}

export const ganModels: readonly ModelEntry[] = [
  entry('gan', 'GAN (Goodfellow et al. 2014), MLP players; --set loss=minimax|non-saturating|least-squares|hinge'),
  entry('dcgan', 'DCGAN (Radford et al. 2016), the bench-spec network; non-saturating loss'),
  entry('wgan', 'WGAN with weight clipping (Arjovsky et al. 2017); --set nCritic=5 weightClip=0.01'),
  entry('wgan-gp', 'WGAN-GP (Gulrajani et al. 2017): gradient penalty 10, layer-norm critic; --set nCritic=5 gradientPenalty=10'),
  entry('cgan', 'conditional GAN: one-hot labels into G, projection discriminator (--set conditioning=concat, auxiliaryClassifier=true)'),
];
