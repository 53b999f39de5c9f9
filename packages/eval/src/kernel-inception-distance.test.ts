import { describe, expect, it } from 'vitest';
import { kernelInceptionDistance } from './kernel-inception-distance.js';
import { gaussianSamples } from './test-utils/gaussian-samples.js';

describe('kernelInceptionDistance', () => {
  const dims = 8;
  const zeros = new Array(dims).fill(0);
  const a = gaussianSamples(600, zeros, { seed: 11 });
  const b = gaussianSamples(600, zeros, { seed: 12 });
  const shifted = gaussianSamples(600, new Array(dims).fill(0.5), { seed: 13 });

  it('is ~0 for two draws of the same distribution and clearly positive for shifted ones', () => {
    const same = kernelInceptionDistance(a, b, { numSubsets: 20, subsetSize: 300, seed: 1 });
    const diff = kernelInceptionDistance(a, shifted, { numSubsets: 20, subsetSize: 300, seed: 1 });
    expect(Math.abs(same.mean)).toBeLessThan(0.02);
    expect(diff.mean).toBeGreaterThan(0.2);
    expect(diff.mean).toBeGreaterThan(10 * Math.abs(same.mean));
    expect(same.subsetSize).toBe(300);
  });

  it('matches a direct evaluation of the unbiased MMD^2 formula on one full subset', () => {
    const x = gaussianSamples(5, [0, 0], { seed: 14 });
    const y = gaussianSamples(5, [1, 0], { seed: 15 });
    const k = (u: number, v: number, p: Float64Array | Float32Array, q: Float64Array | Float32Array) =>
      ((p[u * 2] * q[v * 2] + p[u * 2 + 1] * q[v * 2 + 1]) / 2 + 1) ** 3;
    let xx = 0;
    let yy = 0;
    let xy = 0;
    for (let i = 0; i < 5; i += 1) {
      for (let j = 0; j < 5; j += 1) {
        if (i !== j) {
          xx += k(i, j, x.values, x.values);
          yy += k(i, j, y.values, y.values);
        }
        xy += k(i, j, x.values, y.values);
      }
    }
    const expected = xx / 20 + yy / 20 - (2 * xy) / 25;
    // A subset of all 5 rows is the full set whatever the draw, so every subset gives the same value.
    const result = kernelInceptionDistance(x, y, { numSubsets: 3, subsetSize: 5 });
    expect(result.mean).toBeCloseTo(expected, 10);
    expect(result.std).toBeLessThan(1e-12);
  });

  it('the blocked sums equal the plain double loop, whatever the remainder rows', () => {
    // 10 rows: two 4 x 4 blocks and a remainder of 2 in each direction, 3 features.
    const x = gaussianSamples(10, [0, 0, 0], { seed: 21 });
    const y = gaussianSamples(10, [0.3, 0, -0.2], { seed: 22 });
    const k = (p: Float32Array | Float64Array, u: number, q: Float32Array | Float64Array, v: number) => {
      let dot = 0;
      for (let j = 0; j < 3; j += 1) dot += p[u * 3 + j] * q[v * 3 + j];
      return (dot / 3 + 1) ** 3;
    };
    let xx = 0;
    let yy = 0;
    let xy = 0;
    for (let i = 0; i < 10; i += 1) {
      for (let j = 0; j < 10; j += 1) {
        if (i !== j) {
          xx += k(x.values, i, x.values, j);
          yy += k(y.values, i, y.values, j);
        }
        xy += k(x.values, i, y.values, j);
      }
    }
    const result = kernelInceptionDistance(x, y, { numSubsets: 100, subsetSize: 10 });
    expect(result.mean).toBeCloseTo(xx / 90 + yy / 90 - (2 * xy) / 100, 10);
    // Every subset of 10 of 10 rows is the whole set: computed once.
    expect(result.numSubsets).toBe(1);
    expect(kernelInceptionDistance(x, y, { numSubsets: 7, subsetSize: 9 }).numSubsets).toBe(7);
  });

  it('rejects subsets larger than a set', () => {
    expect(() => kernelInceptionDistance(a, gaussianSamples(50, zeros, { seed: 16 }), { subsetSize: 100 })).toThrow(/subsetSize 100 is larger than the smaller set \(50 rows\)/);
  });
});
