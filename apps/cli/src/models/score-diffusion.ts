/**
 * CLI entries of @genmodels/score-diffusion: ddpm and ncsn. Images are scaled to [-1, 1] and
 * denoised by the bench-spec UNet; 2-D toy points by an MLP. Any config key can be set with
 * `--set key=value` (e.g. `--set channels=[16,32] predictionType=v betaSchedule=cosine`). Sampling
 * takes `--scheduler ddpm|ddim|langevin|pc --steps N`, and `--set gif=path.gif` writes the trajectory;
 * the commands run the package's pipelines with progress and Ctrl-C (score-diffusion-commands.ts).
 */
import { DDPM, NCSN, type DiffusionConfigInput, type DiffusionModelType, resolveDiffusionConfig } from '@genmodels/score-diffusion';
import { z } from 'zod';
import { type ModelEntry, type ModelFlags, defineModel } from '../model-entry.js';
import type { TrainingData } from '../training-data.js';

/** DiffusionSampleOptions as `sample --set` takes them (--scheduler and --steps set the first two). */
const DIFFUSION_SAMPLE_OPTIONS = z.strictObject({
  scheduler: z.enum(['ddpm', 'ddim', 'langevin', 'pc']).optional(),
  numInferenceSteps: z.int().positive().optional(),
  eta: z.number().nonnegative().optional(),
  stepsPerLevel: z.int().positive().optional(),
  stepSize: z.number().positive().optional(),
  clipSample: z.number().positive().nullable().optional(),
  correctorSteps: z.int().nonnegative().optional(),
  snr: z.number().positive().optional(),
  guidanceScale: z.number().nonnegative().optional(),
  useEma: z.boolean().optional(),
  /** The CLI's own: write the sampling trajectory as an animated GIF to this path. */
  gif: z.string().endsWith('.gif', 'needs a file name ending in .gif').optional(),
});

function diffusionPreset(modelType: DiffusionModelType, data: TrainingData, flags: ModelFlags, seed: number): DiffusionConfigInput {
  const image = data.kind === 'image';
  return {
    ...(image && data.imageShape
      ? { inputShape: [...data.imageShape], ...(flags.hiddenUnits ? { channels: flags.hiddenUnits } : {}) }
      : {
          inputShape: data.inputShape,
          network: 'mlp' as const,
          clipSample: null,
          sigmaMax: modelType === 'ncsn' ? 5 : 1,
          sigmaMin: 0.01,
          ...(flags.hiddenUnits ? { hiddenUnits: flags.hiddenUnits } : {}),
        }),
    ...(flags.learningRate !== undefined ? { optimizer: { learningRate: flags.learningRate } } : {}),
    seed,
  };
}

function entry(modelType: DiffusionModelType, summary: string): ModelEntry {
  return defineModel({
    modelType,
    summary,
    dataKinds: ['image', 'points'],
    dataRequest: (kind) => ({ preprocessing: kind === 'image' ? 'symmetric' : 'unit', flatten: false }),
    sampleRange: 'symmetric',
    trainFlags: () => ['hiddenUnits', 'learningRate'],
    sampleOptions: DIFFUSION_SAMPLE_OPTIONS,
    inpaintOptions: DIFFUSION_SAMPLE_OPTIONS.extend({ resampleSteps: z.int().positive().optional() }),
    preset: (data, flags, seed) => diffusionPreset(modelType, data, flags, seed),
    parseConfig: (input) => resolveDiffusionConfig(modelType, input as DiffusionConfigInput),
    create: (config) => (modelType === 'ddpm' ? new DDPM(config) : new NCSN(config)),
  });
}

export const scoreDiffusionModels: readonly ModelEntry[] = [
  entry('ddpm', 'DDPM (Ho et al. 2020), the bench-spec UNet, T = 1000 linear betas; sample --scheduler ddpm|ddim|langevin|pc --steps N'),
  entry('ncsn', 'NCSN (Song & Ermon 2019): UNet on log sigma, 10 sigmas 1..0.01, annealed Langevin; --set stepsPerLevel=10 stepSize=5e-5'),
];
