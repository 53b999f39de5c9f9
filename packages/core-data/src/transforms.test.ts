import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { binarize } from './binarize.js';
import { describePreprocessing, PREPROCESSINGS } from './describe-preprocessing.js';
import { scaleToSymmetric } from './scale-to-symmetric.js';
import { toUnitInterval } from './to-unit-interval.js';
import { uniformDequantize } from './uniform-dequantize.js';

function values(t: tf.Tensor): number[] {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
}

describe('pixel transforms', () => {
  it('toUnitInterval: x / 255 as float32 of the given shape', () => {
    const t = toUnitInterval(new Uint8Array([0, 51, 255, 128, 127, 1]), [2, 3]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    const v = values(t);
    expect(v[0]).toBe(0);
    expect(v[1]).toBeCloseTo(0.2, 7);
    expect(v[2]).toBe(1);
    expect(v[5]).toBeCloseTo(1 / 255, 7);
    expect(() => toUnitInterval(new Uint8Array(5), [2, 3])).toThrow(/holds 6 values but the data has 5/);
  });

  it('binarize: x > 0.5 -> 1 else 0 (0.5 itself is 0)', () => {
    const x = tf.tensor1d([0, 0.49, 0.5, 0.5001, 0.9, 1]);
    expect(values(binarize(x))).toEqual([0, 0, 0, 1, 1, 1]);
    expect(values(binarize(x, 0.2))).toEqual([0, 1, 1, 1, 1, 1]);
    const b = binarize(x);
    expect(b.dtype).toBe('float32');
    b.dispose();
    x.dispose();
  });

  it('binarize of 8-bit images: 127 -> 0, 128 -> 1', () => {
    const x = toUnitInterval(new Uint8Array([0, 127, 128, 255]), [4]);
    expect(values(binarize(x))).toEqual([0, 0, 1, 1]);
    x.dispose();
  });

  it('scaleToSymmetric: 2x - 1', () => {
    const x = tf.tensor1d([0, 0.25, 0.5, 1]);
    expect(values(scaleToSymmetric(x))).toEqual([-1, -0.5, 0, 1]);
    x.dispose();
  });

  it('uniformDequantize: (255x + u) / 256 stays in the bin of each 8-bit value, seeded', () => {
    const bytes = new Uint8Array(2000).map((_, i) => (i * 31) % 256);
    const x = toUnitInterval(bytes, [20, 100]);
    const a = uniformDequantize(x, 7);
    const b = uniformDequantize(x, 7);
    const c = uniformDequantize(x, 8);
    expect(a.shape).toEqual([20, 100]);
    const va = values(a);
    expect(values(b)).toEqual(va);
    const vc = values(c);
    let same = 0;
    for (let i = 0; i < va.length; i++) {
      const k = bytes[i];
      // 256 y lies in [k, k + 1): the bin of k.
      expect(va[i] * 256).toBeGreaterThanOrEqual(k - 1e-3);
      expect(va[i] * 256).toBeLessThan(k + 1 + 1e-3);
      if (va[i] === vc[i]) same++;
    }
    expect(same).toBeLessThan(10);
    // u ~ U(0, 1): mean offset within the bin close to 1/2.
    const meanOffset = va.reduce((s, v, i) => s + (v * 256 - bytes[i]), 0) / va.length;
    expect(meanOffset).toBeGreaterThan(0.45);
    expect(meanOffset).toBeLessThan(0.55);
    x.dispose();
  });

  it('describePreprocessing gives a sentence for each preprocessing', () => {
    expect(describePreprocessing('binarized')).toEqual({
      name: 'binarized',
      description: 'static binarization (x > 0.5), fixed per image',
    });
    const descriptions = PREPROCESSINGS.map((p) => describePreprocessing(p).description);
    expect(new Set(descriptions).size).toBe(PREPROCESSINGS.length);
    expect(describePreprocessing('dequantized-logit').description).toMatch(/logit/);
    expect(() => describePreprocessing('whitened' as 'unit')).toThrow(/unknown preprocessing "whitened"/);
  });
});
