/**
 * The models the CLI can train, and how each is configured from a dataset and flags. Adding a
 * model family means adding one entry here.
 */
import type { GenerativeModel, ModelConfig } from '@genmodels/core-nn';
import { VAE, resolveVAEConfig } from '@genmodels/vae';
import { CliError } from './cli-error.js';
import type { DataKind, DataRequest, TrainingData } from './training-data.js';

/** Model settings given on the command line. */
export interface ModelFlags {
  latentDim?: number;
  hiddenUnits?: number[];
  learningRate?: number;
  beta?: number;
  /** Raw `--set key=value` overrides, values parsed as JSON when they parse. */
  overrides: Record<string, unknown>;
}

export interface ModelEntry {
  modelType: string;
  summary: string;
  dataKinds: readonly DataKind[];
  /** How the model wants its data prepared. */
  dataRequest(kind: DataKind): Pick<DataRequest, 'preprocessing' | 'flatten'>;
  buildConfig(data: TrainingData, flags: ModelFlags, seed: number): ModelConfig;
  create(config: ModelConfig): GenerativeModel;
}

const vaeEntry: ModelEntry = {
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

const ENTRIES: readonly ModelEntry[] = [vaeEntry];

export const MODEL_TYPES: readonly string[] = ENTRIES.map((entry) => entry.modelType);

export function getModelEntry(modelType: string): ModelEntry {
  const entry = ENTRIES.find((candidate) => candidate.modelType === modelType);
  if (!entry) throw new CliError(`unknown model "${modelType}"; choose one of: ${MODEL_TYPES.join(', ')}`);
  return entry;
}

export function listModels(): readonly ModelEntry[] {
  return ENTRIES;
}
