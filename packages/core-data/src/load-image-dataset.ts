import { DatasetError } from './dataset-error.js';
import { IMAGE_DATASETS, type ImageDataset, type Split, isImageDatasetName } from './image-dataset.js';
import { loadFashionMnist } from './load-fashion-mnist.js';
import { loadMnist } from './load-mnist.js';

/** Loads an image dataset by name ('mnist' or 'fashion-mnist'); an unknown name lists the valid ones. */
export function loadImageDataset(name: string, options: { split?: Split; dir?: string } = {}): ImageDataset {
  if (!isImageDatasetName(name)) {
    throw new DatasetError(
      `unknown image dataset ${JSON.stringify(name)}; expected one of: ${IMAGE_DATASETS.join(', ')}`,
    );
  }
  return name === 'mnist' ? loadMnist(options) : loadFashionMnist(options);
}
