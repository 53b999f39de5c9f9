/** The image datasets this package loads: 28x28x1 grayscale, 10 classes. */
export type ImageDatasetName = 'mnist' | 'fashion-mnist';

export type Split = 'train' | 'test';

/** Every name loadImageDataset accepts. */
export const IMAGE_DATASETS: readonly ImageDatasetName[] = Object.freeze(['mnist', 'fashion-mnist'] as const);

/** True when `name` is one of IMAGE_DATASETS. */
export function isImageDatasetName(name: string): name is ImageDatasetName {
  return (IMAGE_DATASETS as readonly string[]).includes(name);
}

/**
 * One split of an image dataset, held in memory as raw bytes.
 *
 * `images` and `labels` are shared with the loader's cache (repeated loads are cheap): treat them
 * as read-only and copy (`.slice()`) before changing them.
 */
export interface ImageDataset {
  name: ImageDatasetName;
  split: Split;
  count: number;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  /** count * height * width * channels bytes, row-major NHWC, raw 0..255. */
  images: Uint8Array;
  /** count class indices in [0, numClasses). */
  labels: Uint8Array;
  /** The directory the files came from. */
  source: string;
}

/** Human-readable class names, index = label. */
export const IMAGE_CLASS_NAMES: Readonly<Record<ImageDatasetName, readonly string[]>> = Object.freeze({
  mnist: Object.freeze(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']),
  // Xiao, Rasul and Vollgraf, "Fashion-MNIST" (2017), table 1.
  'fashion-mnist': Object.freeze([
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ]),
});
