import { resolve } from 'node:path';
import type { ImageDataset, Split } from './image-dataset.js';
import { loadIdxImagePair, type IdxImagePairRequest, type SearchLocation } from './load-idx-image-pair.js';
import { resolveSplit } from './split-option.js';

/** Where Debian's dataset-fashion-mnist package installs the gzipped IDX files. */
export const FASHION_MNIST_DEFAULT_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 60 000 train / 10 000 test 28x28 images of 10
 * clothing classes, in MNIST's IDX format. Looks in `options.dir` when given (only there);
 * otherwise in $FASHION_MNIST_DIR when set, then in /usr/share/datasets/fashion-mnist. Files may
 * be raw or gzipped.
 */
export function loadFashionMnist(options: { split?: Split; dir?: string } = {}): ImageDataset {
  return loadIdxImagePair(fashionMnistRequest(options));
}

/** The search behind loadFashionMnist, with the environment and default directory as parameters. */
export function fashionMnistRequest(
  options: { split?: Split; dir?: string },
  env: Record<string, string | undefined> = process.env,
  defaultDir: string = FASHION_MNIST_DEFAULT_DIR,
): IdxImagePairRequest {
  const split = resolveSplit(options.split, 'loadFashionMnist');
  const locations: SearchLocation[] = [];
  if (options.dir !== undefined) {
    locations.push({ dir: resolve(options.dir), reason: 'the dir option' });
  } else {
    const fromEnv = env.FASHION_MNIST_DIR;
    if (fromEnv !== undefined && fromEnv !== '') locations.push({ dir: resolve(fromEnv), reason: 'FASHION_MNIST_DIR' });
    locations.push({ dir: defaultDir, reason: 'default location of Debian dataset-fashion-mnist' });
  }
  return {
    name: 'fashion-mnist',
    displayName: 'Fashion-MNIST',
    split,
    locations,
    howToGet:
      `To get it: \`apt-get install dataset-fashion-mnist\` (installs to ${FASHION_MNIST_DEFAULT_DIR}), ` +
      'or download the four IDX files from https://github.com/zalandoresearch/fashion-mnist and ' +
      'set FASHION_MNIST_DIR to their directory, or pass { dir }.',
    height: 28,
    width: 28,
    numClasses: 10,
  };
}
