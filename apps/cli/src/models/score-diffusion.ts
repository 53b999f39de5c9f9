/**
 * CLI entries of @genmodels/score-diffusion: ddpm and ncsn. Images are scaled to [-1, 1] and
 * denoised by the bench-spec UNet; 2-D toy points by an MLP. Any config key can be set with
 * `--set key=value` (e.g. `--set channels=[16,32] predictionType=v betaSchedule=cosine`). Sampling
 * takes `--scheduler ddpm|ddim|langevin|pc --steps N`, and `--set gif=path.gif` writes the trajectory.
 */
import { DDPM, NCSN, type DiffusionConfigInput, type DiffusionModel, type DiffusionModelType, type DiffusionSampleOptions, resolveDiffusionConfig } from '@genmodels/score-diffusion';
import type * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { CliError } from '../cli-error.js';
import { type ModelEntry, type ModelFlags, defineModel } from '../model-entry.js';
import type { TrainingData } from '../training-data.js';
import { type GifFrame, writeTrajectoryGif } from '../trajectory-gif.js';

/** Frames kept for a trajectory GIF (evenly spaced steps, plus the last). */
const GIF_FRAMES = 40;

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

type GifSampleOptions = DiffusionSampleOptions & { gif?: unknown };

/** Adds `gif: path` to sample(): records the trajectory through onStep and writes it with gifenc. */
function withTrajectoryGif<T extends DiffusionModel>(model: T, range: 'unit' | 'symmetric'): T {
  const sample = model.sample.bind(model);
  model.sample = (numSamples: number, options: GifSampleOptions = {}): tf.Tensor => {
    const { gif, ...rest } = options;
    if (gif === undefined) return sample(numSamples, rest);
    if (typeof gif !== 'string' || !gif.endsWith('.gif')) throw new CliError(`--set gif=<path.gif> needs a file name ending in .gif, got ${JSON.stringify(gif)}`);
    if (model.config.inputShape.length !== 3) throw new CliError('the trajectory GIF is for image models; 2-D point models have no frames to draw');
    const total = model.createScheduler(rest).timesteps.length;
    const every = Math.max(1, Math.floor(total / GIF_FRAMES));
    const frames: GifFrame[] = [];
    const out = sample(numSamples, {
      ...rest,
      onStep: ({ index, sample: current }) => {
        if (index % every === 0 || index === total - 1) frames.push({ values: current.dataSync() as Float32Array });
      },
    });
    const [h, w, c] = model.config.inputShape;
    writeTrajectoryGif(frames, gif, { shape: [numSamples, h, w, c], range });
    return out;
  };
  return model;
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
    create: (config) => withTrajectoryGif(modelType === 'ddpm' ? new DDPM(config) : new NCSN(config), 'symmetric'),
  });
}

export const scoreDiffusionModels: readonly ModelEntry[] = [
  entry('ddpm', 'DDPM (Ho et al. 2020), the bench-spec UNet, T = 1000 linear betas; sample --scheduler ddpm|ddim|langevin|pc --steps N'),
  entry('ncsn', 'NCSN (Song & Ermon 2019): UNet on log sigma, 10 sigmas 1..0.01, annealed Langevin; --set stepsPerLevel=10 stepSize=5e-5'),
];
