/**
 * CLI entries of @genmodels/score-diffusion: ddpm and ncsn. Images are scaled to [-1, 1] and
 * denoised by the bench-spec UNet; 2-D toy points by an MLP. Any config key can be set with
 * `--set key=value` (e.g. `--set channels=[16,32] predictionType=v betaSchedule=cosine`). Sampling
 * takes `--scheduler ddpm|ddim|langevin|pc --steps N`, and `--set gif=path.gif` writes the trajectory;
 * the commands run the package's pipelines with progress and Ctrl-C (score-diffusion-commands.ts).
 */
import { DDPM, NCSN, type DiffusionConfigInput, type DiffusionModelType, resolveDiffusionConfig } from '@genmodels/score-diffusion';
import type { ModelEntry, ModelFlags } from '../model-entry.js';
import type { TrainingData } from '../training-data.js';

function diffusionConfig(modelType: DiffusionModelType, data: TrainingData, flags: ModelFlags, seed: number) {
  const image = data.kind === 'image';
  const input: Record<string, unknown> = image
    ? { inputShape: data.imageShape }
    : { inputShape: data.inputShape, network: 'mlp', clipSample: null, sigmaMax: modelType === 'ncsn' ? 5 : 1, sigmaMin: 0.01 };
  if (flags.hiddenUnits) input[image ? 'channels' : 'hiddenUnits'] = flags.hiddenUnits;
  if (flags.learningRate !== undefined) input.optimizer = { learningRate: flags.learningRate };
  return resolveDiffusionConfig(modelType, { ...input, ...flags.overrides, seed } as DiffusionConfigInput);
}

function entry(modelType: DiffusionModelType, summary: string): ModelEntry {
  return {
    modelType,
    summary,
    dataKinds: ['image', 'points'],
    dataRequest: (kind) => ({ preprocessing: kind === 'image' ? 'symmetric' : 'unit', flatten: false }),
    sampleRange: 'symmetric',
    buildConfig: (data, flags, seed) => diffusionConfig(modelType, data, flags, seed),
    create: (config) => (modelType === 'ddpm' ? new DDPM(config as DiffusionConfigInput) : new NCSN(config as DiffusionConfigInput)),
  };
}

export const scoreDiffusionModels: readonly ModelEntry[] = [
  entry('ddpm', 'DDPM (Ho et al. 2020), the bench-spec UNet, T = 1000 linear betas; sample --scheduler ddpm|ddim|langevin|pc --steps N'),
  entry('ncsn', 'NCSN (Song & Ermon 2019): UNet on log sigma, 10 sigmas 1..0.01, annealed Langevin; --set stepsPerLevel=10 stepSize=5e-5'),
];
