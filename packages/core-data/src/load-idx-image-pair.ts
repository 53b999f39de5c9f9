import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError, DatasetNotFoundError } from './dataset-error.js';
import type { ImageDataset, ImageDatasetName, Split } from './image-dataset.js';
import { readIdxFileCached } from './read-idx-file.js';

/** A directory to look in, and why it is on the list (shown in the not-found message). */
export interface SearchLocation {
  dir: string;
  reason: string;
}

export interface IdxImagePairRequest {
  name: ImageDatasetName;
  /** 'MNIST', 'Fashion-MNIST': used in messages. */
  displayName: string;
  split: Split;
  locations: SearchLocation[];
  /** Sentence(s) saying how to get the dataset, appended to the not-found message. */
  howToGet: string;
  height: number;
  width: number;
  numClasses: number;
}

/** File base names of one split, LeCun's naming: train-* and t10k-*. */
export function idxFileNames(split: Split): { images: string; labels: string } {
  const prefix = split === 'train' ? 'train' : 't10k';
  return { images: `${prefix}-images-idx3-ubyte`, labels: `${prefix}-labels-idx1-ubyte` };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first of `base`, `base.gz` that is a file, and every path tried. */
function findFile(dir: string, base: string, tried: string[]): string | undefined {
  for (const candidate of [join(dir, base), join(dir, `${base}.gz`)]) {
    tried.push(candidate);
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Loads an images/labels IDX pair from the first location holding both files (raw or .gz), and
 * checks it: uint8 images of [count, height, width], uint8 labels of [count] below numClasses.
 */
export function loadIdxImagePair(request: IdxImagePairRequest): ImageDataset {
  const files = idxFileNames(request.split);
  const searched: string[] = [];
  const report: string[] = [];
  for (const [i, location] of request.locations.entries()) {
    const tried: string[] = [];
    const imagesPath = findFile(location.dir, files.images, tried);
    const labelsPath = findFile(location.dir, files.labels, tried);
    searched.push(...tried);
    if (imagesPath !== undefined && labelsPath !== undefined) {
      return readPair(request, location.dir, imagesPath, labelsPath);
    }
    const state = !existsSync(location.dir)
      ? 'directory does not exist'
      : imagesPath !== undefined
        ? `found ${imagesPath} but no labels file`
        : labelsPath !== undefined
          ? `found ${labelsPath} but no images file`
          : 'neither file is there';
    report.push(`  ${i + 1}. ${location.dir} (${location.reason}): ${state}; tried ${tried.join(', ')}`);
  }
  throw new DatasetNotFoundError(
    `${request.displayName} ${request.split} split not found: need ${files.images} and ${files.labels} ` +
      `(raw or .gz) in one directory. Looked in:\n${report.join('\n')}\n${request.howToGet}`,
    searched,
  );
}

function readPair(request: IdxImagePairRequest, dir: string, imagesPath: string, labelsPath: string): ImageDataset {
  const { height, width, numClasses } = request;
  const images = readIdxFileCached(imagesPath);
  const labels = readIdxFileCached(labelsPath);
  const what = `${request.displayName} ${request.split}`;
  if (images.dtype !== 'uint8' || images.dims.length !== 3 || images.dims[1] !== height || images.dims[2] !== width) {
    throw new DatasetError(
      `${imagesPath}: not a ${what} images file: expected uint8 dims [count, ${height}, ${width}], ` +
        `found ${images.dtype} dims [${images.dims.join(', ')}]`,
    );
  }
  if (labels.dtype !== 'uint8' || labels.dims.length !== 1) {
    throw new DatasetError(
      `${labelsPath}: not a ${what} labels file: expected uint8 dims [count], found ${labels.dtype} dims [${labels.dims.join(', ')}]`,
    );
  }
  const count = images.dims[0];
  if (labels.dims[0] !== count) {
    throw new DatasetError(
      `${what}: images and labels do not match: ${imagesPath} holds ${count} images but ${labelsPath} holds ` +
        `${labels.dims[0]} labels. One of the files is from another split or dataset, or damaged; replace them.`,
    );
  }
  const labelData = labels.data as Uint8Array;
  for (let i = 0; i < labelData.length; i++) {
    if (labelData[i] >= numClasses) {
      throw new DatasetError(
        `${labelsPath}: label ${i} is ${labelData[i]}, expected a class index in [0, ${numClasses - 1}]`,
      );
    }
  }
  return {
    name: request.name,
    split: request.split,
    count,
    height,
    width,
    channels: 1,
    numClasses,
    images: images.data as Uint8Array,
    labels: labelData,
    source: dir,
  };
}
