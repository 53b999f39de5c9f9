/** How the CLI trains and rebuilds one kind of model. Each family adds its entries in models/. */
import type { GenerativeModel, ModelConfig } from '@genmodels/core-nn';
import type { DataKind, DataRequest, TrainingData } from './training-data.js';

/** Model settings given on the command line; families read the ones that apply to them. */
export interface ModelFlags {
  latentDim?: number;
  hiddenUnits?: number[];
  learningRate?: number;
  beta?: number;
  /** Raw `--set key=value` overrides, values parsed as JSON when they parse. */
  overrides: Record<string, unknown>;
}

export interface ModelEntry {
  /** The name on the command line and in run records, e.g. 'vae', 'pixelcnn'. */
  modelType: string;
  summary: string;
  dataKinds: readonly DataKind[];
  /** How the model wants its data prepared. */
  dataRequest(kind: DataKind): Pick<DataRequest, 'preprocessing' | 'flatten'>;
  /** True when batches carry labels: the model then gets `{ x, labels }` batches. */
  conditional?: boolean;
  /** Value range of the model's image samples (default 'unit'). */
  sampleRange?: 'unit' | 'symmetric';
  buildConfig(data: TrainingData, flags: ModelFlags, seed: number): ModelConfig;
  create(config: ModelConfig): GenerativeModel<unknown>;
}
