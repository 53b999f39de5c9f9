/**
 * Loads a named dataset for a model: images from core-data (preprocessed the way the model's
 * likelihood needs) or a seeded toy 2-D set, as in-memory tensors.
 */
import type { Preprocessing } from '@genmodels/core-data';
import {
  DatasetError,
  IMAGE_DATASETS,
  TOY_DATASETS,
  describePreprocessing,
  imagesToTensor,
  isImageDatasetName,
  isToyDatasetName,
  makeToyDataset,
} from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import * as tf from '@tensorflow/tfjs-core';
import { CliError } from './cli-error.js';

export type DataKind = 'image' | 'points';

export interface TrainingData {
  name: string;
  kind: DataKind;
  /** How the values were prepared, e.g. 'binarized'; 'none' for toy points. */
  preprocessing: Preprocessing | 'none';
  preprocessingDescription: string;
  /** One example as the model sees it, e.g. [784] or [2]. */
  inputShape: number[];
  /** [height, width, channels] for images, null for points. */
  imageShape: [number, number, number] | null;
  train: tf.Tensor;
  test: tf.Tensor;
  trainLabels: tf.Tensor1D;
  testLabels: tf.Tensor1D;
  numClasses: number;
  /** Where the data came from, for the run record. */
  source: string;
}

export interface DataRequest {
  preprocessing: Exclude<Preprocessing, 'dequantized-logit'>;
  flatten: boolean;
  /** Optional directory holding the IDX files. */
  dir?: string;
  /** Toy sets: examples generated for the train and test splits. */
  toyTrainCount?: number;
  toyTestCount?: number;
  seed: number;
}

export const DATASET_NAMES: readonly string[] = [...IMAGE_DATASETS, ...TOY_DATASETS];

/** Loads one split; core-data's errors (every place searched, how to get the files) in full, in CLI terms. */
function loadSplit(name: Parameters<typeof loadImageDataset>[0], split: 'train' | 'test', dir: string | undefined) {
  try {
    return loadImageDataset(name, { split, dir });
  } catch (error) {
    if (error instanceof DatasetError) throw new CliError(error.message.replaceAll('pass { dir }', 'pass --data-dir <dir>'));
    throw error;
  }
}

export function loadTrainingData(name: string, request: DataRequest): TrainingData {
  if (isImageDatasetName(name)) {
    const train = loadSplit(name, 'train', request.dir);
    const test = loadSplit(name, 'test', request.dir);
    const imageShape: [number, number, number] = [train.height, train.width, train.channels];
    const options = { preprocessing: request.preprocessing, flatten: request.flatten };
    return {
      name,
      kind: 'image',
      preprocessing: request.preprocessing,
      preprocessingDescription: describePreprocessing(request.preprocessing).description,
      inputShape: request.flatten ? [imageShape[0] * imageShape[1] * imageShape[2]] : imageShape,
      imageShape,
      train: imagesToTensor(train, options),
      test: imagesToTensor(test, options),
      trainLabels: tf.tensor1d(Int32Array.from(train.labels), 'int32'),
      testLabels: tf.tensor1d(Int32Array.from(test.labels), 'int32'),
      numClasses: train.numClasses,
      source: train.source,
    };
  }
  if (isToyDatasetName(name)) {
    const trainSet = makeToyDataset(name, request.toyTrainCount ?? 20_000, { seed: request.seed });
    const testSet = makeToyDataset(name, request.toyTestCount ?? 5_000, { seed: request.seed + 7919 });
    const numClasses = Math.max(...trainSet.labels) + 1;
    return {
      name,
      kind: 'points',
      preprocessing: 'none',
      preprocessingDescription: 'raw 2-D coordinates',
      inputShape: [2],
      imageShape: null,
      train: tf.tensor2d(trainSet.points, [trainSet.count, 2]),
      test: tf.tensor2d(testSet.points, [testSet.count, 2]),
      trainLabels: tf.tensor1d(trainSet.labels, 'int32'),
      testLabels: tf.tensor1d(testSet.labels, 'int32'),
      numClasses,
      source: `generated (seed ${request.seed})`,
    };
  }
  throw new CliError(`unknown dataset "${name}"; choose one of: ${DATASET_NAMES.join(', ')}`);
}

export function disposeTrainingData(data: TrainingData): void {
  tf.dispose([data.train, data.test, data.trainLabels, data.testLabels]);
}
