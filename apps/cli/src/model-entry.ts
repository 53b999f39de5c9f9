/**
 * How the CLI trains and rebuilds one kind of model: a typed definition per model (its preset
 * config, the data it trains on and the range of its samples, which command-line flags and
 * sampling options apply to it), erased by defineModel into the ModelEntry the commands use.
 * A new family is one list of defineModel(...) entries in models/<family>.ts.
 */
import type { GenerativeModel, ModelConfig } from '@genmodels/core-nn';
import type { z } from 'zod';
import { CliError } from './cli-error.js';
import { withSettings } from './settings.js';
import type { DataKind, DataRequest, TrainingData } from './training-data.js';

/** The model settings `train` takes as flags, and the flag of each. */
export const TRAIN_FLAGS = {
  latentDim: '--latent-dim',
  hiddenUnits: '--hidden',
  learningRate: '--lr',
  beta: '--beta',
} as const;
export type TrainFlag = keyof typeof TRAIN_FLAGS;

/** Model settings given on the command line (each applies only where the entry lists it). */
export interface ModelFlags {
  latentDim?: number;
  hiddenUnits?: number[];
  learningRate?: number;
  beta?: number;
}

/** How a model wants its data prepared. */
export type DataPreparation = Pick<DataRequest, 'preprocessing' | 'flatten'>;

/** Value range of a model's image samples: [0, 1] or [-1, 1]. */
export type SampleRange = 'unit' | 'symmetric';

/** A zod object of a model's own sampling options (all optional); keys outside it are refused. */
export type SampleOptionsSchema = z.ZodObject;

/**
 * One model the CLI trains, typed by its config input (`TInput`, what the preset and `--set`
 * give), its complete config (`TConfig`) and its class (`TModel`).
 */
export interface ModelDefinition<TInput extends object, TConfig extends ModelConfig, TModel extends GenerativeModel<unknown>> {
  /** The name on the command line and in run records, e.g. 'vae', 'pixelcnn'. */
  modelType: string;
  summary: string;
  dataKinds: readonly DataKind[];
  dataRequest(kind: DataKind): DataPreparation;
  /** True when batches carry labels: the model then gets `{ x, labels }` batches. */
  conditional?: boolean;
  /** Value range of the model's image samples. */
  sampleRange: SampleRange;
  /** Which of --latent-dim, --hidden, --lr, --beta the model takes on this kind of data. */
  trainFlags(kind: DataKind): readonly TrainFlag[];
  /** The model's own sampling options (temperature, scheduler, ...), as `sample --set` takes them. */
  sampleOptions: SampleOptionsSchema;
  /** The options of inpaint() where they differ from sample()'s (default: sampleOptions). */
  inpaintOptions?: SampleOptionsSchema;
  /** The config before `--set`: the preset for this data and these flags. */
  preset(data: TrainingData, flags: ModelFlags, seed: number): TInput;
  /** A complete config from options (the preset with `--set` applied, or a stored config.json). */
  parseConfig(input: unknown): TConfig;
  create(config: TConfig): TModel;
}

/** A model definition with its types erased: what the commands and the registry hold. */
export interface ModelEntry {
  readonly modelType: string;
  readonly summary: string;
  readonly dataKinds: readonly DataKind[];
  dataRequest(kind: DataKind): DataPreparation;
  readonly conditional: boolean;
  readonly sampleRange: SampleRange;
  trainFlags(kind: DataKind): readonly TrainFlag[];
  readonly sampleOptions: SampleOptionsSchema;
  readonly inpaintOptions: SampleOptionsSchema;
  /** The complete config: preset, then `--set` settings (dotted keys reach nested objects). */
  buildConfig(data: TrainingData, flags: ModelFlags, settings: Record<string, unknown>, seed: number): ModelConfig;
  /** Rebuilds the model from a config (a stored config.json is validated first). */
  create(config: unknown): GenerativeModel<unknown>;
}

/** A one-line CliError from a config the family refused: its schema's message names the config and the key. */
function configError(error: unknown): CliError {
  return new CliError(error instanceof Error ? error.message : String(error));
}

/** A one-line CliError from a model the family could not build from a valid config. */
function createError(modelType: string, error: unknown): CliError {
  return new CliError(`cannot build ${modelType}: ${error instanceof Error ? error.message : String(error)}`);
}

export function defineModel<TInput extends object, TConfig extends ModelConfig, TModel extends GenerativeModel<unknown>>(
  definition: ModelDefinition<TInput, TConfig, TModel>,
): ModelEntry {
  const parse = (input: unknown): TConfig => {
    try {
      return definition.parseConfig(input);
    } catch (error) {
      throw configError(error);
    }
  };
  return {
    modelType: definition.modelType,
    summary: definition.summary,
    dataKinds: definition.dataKinds,
    dataRequest: (kind) => definition.dataRequest(kind),
    conditional: definition.conditional ?? false,
    sampleRange: definition.sampleRange,
    trainFlags: (kind) => definition.trainFlags(kind),
    sampleOptions: definition.sampleOptions,
    inpaintOptions: definition.inpaintOptions ?? definition.sampleOptions,
    buildConfig: (data, flags, settings, seed) => parse(withSettings(definition.preset(data, flags, seed), settings)),
    create: (config) => {
      const parsed = parse(config);
      try {
        return definition.create(parsed);
      } catch (error) {
        throw createError(definition.modelType, error);
      }
    },
  };
}
