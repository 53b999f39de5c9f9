import { describe, expect, it } from 'vitest';
import { interpolateLatents } from './latent-path.js';

describe('interpolateLatents', () => {
  const a = [3, 0];
  const b = [0, 3];

  it('linear: evenly spaced points from a to b', () => {
    const points = interpolateLatents(a, b, 3, 'linear').map((z) => Array.from(z));
    expect(points).toEqual([a, [1.5, 1.5], b]);
  });

  it('spherical: same endpoints, constant norm for equal-norm endpoints, equal angles', () => {
    const points = interpolateLatents(a, b, 4, 'spherical');
    expect(Array.from(points[0])).toEqual(a);
    expect(points[3][0]).toBeCloseTo(0, 6);
    expect(points[3][1]).toBeCloseTo(3, 6);
    for (const z of points) expect(Math.hypot(z[0], z[1])).toBeCloseTo(3, 5);
    const angles = points.map((z) => Math.atan2(z[1], z[0]));
    expect(angles[1] - angles[0]).toBeCloseTo(Math.PI / 6, 5);
    expect(angles[2] - angles[1]).toBeCloseTo(Math.PI / 6, 5);
  });

  it('spherical falls back to linear for parallel endpoints', () => {
    const points = interpolateLatents([1, 1], [2, 2], 3, 'spherical').map((z) => Array.from(z));
    expect(points).toEqual([[1, 1], [1.5, 1.5], [2, 2]]);
  });

  it('refuses mismatched endpoints and too few steps', () => {
    expect(() => interpolateLatents([1], [1, 2], 3, 'linear')).toThrow(/endpoints have 1 and 2 values/);
    expect(() => interpolateLatents([1], [2], 1, 'linear')).toThrow(/steps must be an integer >= 2/);
  });
});
