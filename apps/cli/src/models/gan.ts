/**
 * CLI entries of @genmodels/gan: gan (MLP), dcgan, wgan, wgan-gp and cgan. Images are scaled to
 * [-1, 1] (tanh generators); 2-D toy points are used as they are. Any config key can be set with
 * `--set key=value`, e.g. `--set loss=hinge`, `--set nCritic=3`, `--set emaDecay=0.999`,
 * `--set spectralNorm=true`; `--lr` sets both players' learning rates, `--hidden` the MLP widths.
 */
import { GAN, resolveGANConfig } from '@genmodels/gan';
import type { GANConfigInput, GANModelType } from '@genmodels/gan';
import type { ModelEntry, ModelFlags } from '../model-entry.js';
import type { TrainingData } from '../training-data.js';

function ganConfig(modelType: GANModelType, data: TrainingData, flags: ModelFlags, seed: number) {
  const image = data.kind === 'image';
  const input: Record<string, unknown> = {
    modelType,
    inputShape: image ? data.imageShape : data.inputShape,
    ...(image ? {} : { latentDim: 8, outputActivation: 'linear' }),
    // `gan` is the MLP GAN of Goodfellow et al. on images too (flattened, tanh output); the others are convolutional.
    ...(image && modelType === 'gan'
      ? { architecture: 'mlp', latentDim: 64, generatorUnits: [256, 512], discriminatorUnits: [512, 256], outputActivation: 'tanh' }
      : {}),
    ...(modelType === 'cgan' ? { numClasses: data.numClasses } : {}),
  };
  if (flags.latentDim !== undefined) input.latentDim = flags.latentDim;
  if (flags.hiddenUnits) {
    input.generatorUnits = flags.hiddenUnits;
    input.discriminatorUnits = [...flags.hiddenUnits].reverse();
  }
  if (flags.learningRate !== undefined) {
    input.generatorOptimizer = { learningRate: flags.learningRate };
    input.discriminatorOptimizer = { learningRate: flags.learningRate };
  }
  return resolveGANConfig({ ...input, ...flags.overrides, seed } as GANConfigInput);
}

function entry(modelType: GANModelType, summary: string): ModelEntry {
  return {
    modelType,
    summary,
    dataKinds: ['image', 'points'],
    dataRequest: (kind) => ({ preprocessing: kind === 'image' ? 'symmetric' : 'unit', flatten: false }),
    conditional: modelType === 'cgan',
    sampleRange: 'symmetric',
    buildConfig: (data, flags, seed) => ganConfig(modelType, data, flags, seed),
    create: (config) => new GAN(config as GANConfigInput),
  };
}

export const ganModels: readonly ModelEntry[] = [
  entry('gan', 'GAN (Goodfellow et al. 2014), MLP players; --set loss=minimax|non-saturating|least-squares|hinge'),
  entry('dcgan', 'DCGAN (Radford et al. 2016), the bench-spec network; non-saturating loss'),
  entry('wgan', 'WGAN with weight clipping (Arjovsky et al. 2017); --set nCritic=5 weightClip=0.01'),
  entry('wgan-gp', 'WGAN-GP (Gulrajani et al. 2017): gradient penalty 10, layer-norm critic; --set nCritic=5 gradientPenalty=10'),
  entry('cgan', 'conditional GAN: one-hot labels into G, projection discriminator (--set conditioning=concat, auxiliaryClassifier=true)'),
];
