import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { binarize } from './binarize.js';
import type { ImageDataset } from './image-dataset.js';
import { imagesToTensor } from './images-to-tensor.js';
import { scaleToSymmetric } from './scale-to-symmetric.js';
import { toUnitInterval } from './to-unit-interval.js';

function tinyDataset(): ImageDataset {
  const count = 5;
  const images = new Uint8Array(count * 4 * 3).map((_, i) => (i * 23 + 5) % 256);
  return {
    name: 'mnist',
    split: 'test',
    count,
    height: 4,
    width: 3,
    channels: 1,
    numClasses: 10,
    images,
    labels: new Uint8Array([0, 1, 2, 3, 4]),
    source: 'memory',
  };
}

describe('imagesToTensor', () => {
  const ds = tinyDataset();

  it('unit, NHWC: x / 255', () => {
    const t = imagesToTensor(ds, { preprocessing: 'unit' });
    expect(t.shape).toEqual([5, 4, 3, 1]);
    const v = t.dataSync();
    for (let i = 0; i < v.length; i++) expect(v[i]).toBeCloseTo(ds.images[i] / 255, 7);
    t.dispose();
  });

  it('matches the tensor transforms bit for bit (binarized, symmetric), flattened', () => {
    const unit = toUnitInterval(ds.images, [5, 12]);
    const cases = [
      ['binarized', binarize(unit)],
      ['symmetric', scaleToSymmetric(unit)],
    ] as const;
    for (const [preprocessing, reference] of cases) {
      const t = imagesToTensor(ds, { preprocessing, flatten: true });
      expect(t.shape).toEqual([5, 12]);
      expect(Array.from(t.dataSync())).toEqual(Array.from(reference.dataSync()));
      tf.dispose([t, reference]);
    }
    const binary = imagesToTensor(ds, { preprocessing: 'binarized', flatten: true });
    expect(Array.from(binary.dataSync())).toEqual(Array.from(ds.images, (b) => (b >= 128 ? 1 : 0)));
    tf.dispose([binary, unit]);
  });

  it('selects rows by indices, in the given order', () => {
    const t = imagesToTensor(ds, { preprocessing: 'unit', flatten: true, indices: new Int32Array([3, 0, 3]) });
    expect(t.shape).toEqual([3, 12]);
    const rows = t.arraySync() as number[][];
    expect(rows[0][0]).toBeCloseTo(ds.images[36] / 255, 7);
    expect(rows[1][0]).toBeCloseTo(ds.images[0] / 255, 7);
    expect(rows[2]).toEqual(rows[0]);
    t.dispose();
    expect(() => imagesToTensor(ds, { preprocessing: 'unit', indices: new Int32Array([5]) })).toThrow(/out of range/);
  });

  it('refuses dequantized-logit (it needs a seed and a log-determinant)', () => {
    expect(() => imagesToTensor(ds, { preprocessing: 'dequantized-logit' as 'unit' })).toThrow(/uniformDequantize/);
  });
});
