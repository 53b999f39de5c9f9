import { describe, expect, it } from 'vitest';
import { frechetDistance, frechetDistanceFromStatistics } from './frechet-distance.js';
import type { FeatureSet } from './feature-set.js';
import { GaussianAccumulator, gaussianStatistics } from './gaussian-statistics.js';
import { gaussianSamples } from './test-utils/gaussian-samples.js';

function stats(mean: number[], cov: number[][]) {
  return { count: 1000, dims: mean.length, mean: Float64Array.from(mean), covariance: Float64Array.from(cov.flat()) };
}

describe('frechetDistance', () => {
  it('matches the closed form for two 2-D Gaussians with non-commuting covariances', () => {
    const s1 = [
      [2, 0.8],
      [0.8, 1],
    ];
    const s2 = [
      [1, -0.3],
      [-0.3, 3],
    ];
    // For 2x2 PSD M: tr(M^1/2) = sqrt(tr M + 2 sqrt(det M)); here M ~ S1 S2, tr(S1 S2) = 2 - 0.24 - 0.24 + 3 = 4.52,
    // det(S1) det(S2) = 1.36 * 2.91 = 3.9576. d^2 = |(1, -2)|^2 + 3 + 4 - 2 sqrt(4.52 + 2 sqrt(3.9576)).
    const expected = 5 + 7 - 2 * Math.sqrt(4.52 + 2 * Math.sqrt(3.9576));
    const got = frechetDistanceFromStatistics(stats([0, 0], s1), stats([1, -2], s2));
    expect(got).toBeCloseTo(expected, 10);
    expect(expected).toBeCloseTo(6.16948, 4); // 12 - 2 sqrt(4.52 + 2 * 1.989372) = 12 - 2 * 2.915260
  });

  it('estimates the closed form from samples of two known Gaussians', () => {
    const a = gaussianSamples(20000, [0, 0, 0, 0], { variances: [1, 4, 0.25, 1], seed: 1 });
    const b = gaussianSamples(20000, [1, 0, -0.5, 0], { variances: [4, 1, 0.25, 2.25], seed: 2 });
    // Diagonal covariances commute: d^2 = |mu1 - mu2|^2 + sum_i (sqrt(a_i) - sqrt(b_i))^2 = 1.25 + (1 + 1 + 0 + 0.25) = 3.5.
    // The estimate from 20 000 samples is within about 0.05 of it (sampling noise of the variances).
    expect(Math.abs(frechetDistance(a, b) - 3.5)).toBeLessThan(0.1);
  });

  it('is ~0 for a set with itself, even with a singular covariance', () => {
    const base = gaussianSamples(300, Array.from({ length: 16 }, (_, i) => i / 4), { seed: 3 });
    // Make two columns exact copies of others: the covariance is rank-deficient.
    const values = Float64Array.from(base.values);
    for (let r = 0; r < base.count; r += 1) {
      values[r * 16 + 15] = values[r * 16 + 0];
      values[r * 16 + 14] = 2 * values[r * 16 + 1];
    }
    const set: FeatureSet = { count: base.count, dims: 16, values };
    const d = frechetDistance(set, set);
    expect(Number.isFinite(d)).toBe(true);
    expect(d).toBeLessThan(1e-6);
    // ... while a shifted copy is at exactly |shift|^2.
    const shifted = Float64Array.from(values, (v) => v + 0.5);
    expect(frechetDistance(set, { count: base.count, dims: 16, values: shifted })).toBeCloseTo(16 * 0.25, 5);
  });

  it('does not depend on the order of the samples', () => {
    const a = gaussianSamples(200, [0, 1, 2], { seed: 4 });
    const b = gaussianSamples(200, [0.3, 1, 2], { variances: [2, 1, 1], seed: 5 });
    const reversed = new Float64Array(b.values.length);
    for (let r = 0; r < b.count; r += 1) reversed.set(b.values.subarray(r * 3, r * 3 + 3), (b.count - 1 - r) * 3);
    const d1 = frechetDistance(a, b);
    const d2 = frechetDistance(a, { count: b.count, dims: 3, values: reversed });
    expect(d1).toBeGreaterThan(0.1);
    expect(Math.abs(d1 - d2)).toBeLessThan(1e-10 * d1);
  });

  it('refuses fewer samples than feature dims with a clear error', () => {
    const a = gaussianSamples(10, new Array(16).fill(0), { seed: 6 });
    const b = gaussianSamples(100, new Array(16).fill(0), { seed: 7 });
    expect(() => frechetDistance(a, b)).toThrow(/the first set has 10 samples for 16 feature dims/);
    expect(() => frechetDistance(b, gaussianSamples(100, [0, 0], { seed: 8 }))).toThrow(/different feature dims \(16 vs 2\)/);
  });
});

describe('GaussianAccumulator', () => {
  it('streams batches to the same mean and covariance as one pass', () => {
    const all = gaussianSamples(500, [100, -50, 3], { cholesky: [[1, 0, 0], [0.5, 2, 0], [-1, 0.2, 0.3]], seed: 9 });
    const acc = new GaussianAccumulator(3);
    for (const [start, end] of [
      [0, 7],
      [7, 200],
      [200, 201],
      [201, 500],
    ]) {
      acc.add({ count: end - start, dims: 3, values: all.values.subarray(start * 3, end * 3) });
    }
    const streamed = acc.statistics();
    const direct = gaussianStatistics(all);
    // Independent check of the covariance entry (0, 1) by the two-pass formula.
    let m0 = 0;
    let m1 = 0;
    for (let r = 0; r < 500; r += 1) {
      m0 += all.values[r * 3] / 500;
      m1 += all.values[r * 3 + 1] / 500;
    }
    let c01 = 0;
    for (let r = 0; r < 500; r += 1) c01 += ((all.values[r * 3] - m0) * (all.values[r * 3 + 1] - m1)) / 499;
    expect(streamed.covariance[1]).toBeCloseTo(c01, 9);
    expect(direct.covariance[1]).toBeCloseTo(c01, 9);
    expect(streamed.covariance[3]).toBeCloseTo(c01, 9);
    expect(streamed.mean[0]).toBeCloseTo(m0, 9);
    // The true covariance entry is L L^T[0][1] = 0.5; 500 samples get close.
    expect(c01).toBeCloseTo(0.5, 0);
  });
});
