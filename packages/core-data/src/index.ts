// Public surface of @genmodels/core-data.

// Errors
export { DatasetError, DatasetNotFoundError } from './dataset-error.js';

// IDX files (parseIdx takes bytes: a fetch, a File, fs.readFile)
export { parseIdx, isGzip } from './parse-idx.js';
export type { IdxData, IdxDtype } from './parse-idx.js';

// Image datasets
export { IMAGE_DATASETS, IMAGE_CLASS_NAMES, isImageDatasetName } from './image-dataset.js';
export type { ImageDataset, ImageDatasetName, Split } from './image-dataset.js';
// Reading IDX files and image datasets from disk: @genmodels/core-data/node.

// Toy 2-D datasets
export {
  makeToyDataset,
  isToyDatasetName,
  TOY_DATASETS,
  TOY_DEFAULT_NOISE,
  EIGHT_GAUSSIANS_RADIUS,
} from './make-toy-dataset.js';
export type { ToyDataset, ToyDatasetName } from './make-toy-dataset.js';

// Transforms
export { toUnitInterval } from './to-unit-interval.js';
export { binarize } from './binarize.js';
export { scaleToSymmetric } from './scale-to-symmetric.js';
export { uniformDequantize } from './uniform-dequantize.js';
export { logitTransform, inverseLogitTransform, LOGIT_ALPHA } from './logit-transform.js';
export { describePreprocessing, PREPROCESSINGS } from './describe-preprocessing.js';
export type { Preprocessing, PreprocessingInfo } from './describe-preprocessing.js';
export { imagesToTensor } from './images-to-tensor.js';

// Batching and splits
export { ShuffledBatches } from './shuffled-batches.js';
export type { ShuffledBatchesOptions } from './shuffled-batches.js';
export { tensorDataSource, labeledTensorDataSource } from './tensor-data-source.js';
export type { BatchSource, TensorDataSourceOptions } from './tensor-data-source.js';
export { splitIndices } from './split-indices.js';

// Seeded random numbers (the package's own PRNG, exposed for reproducible helpers elsewhere)
export { createRandom, hashSeed, permutation } from './prng.js';
export type { Random } from './prng.js';
