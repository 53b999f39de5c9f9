import { describe, expect, it } from 'vitest';
import { DatasetError } from './dataset-error.js';
import { EIGHT_GAUSSIANS_RADIUS, TOY_DATASETS, isToyDatasetName, makeToyDataset } from './make-toy-dataset.js';

describe('makeToyDataset', () => {
  it.each(TOY_DATASETS)('%s: same seed gives the same points, a different seed different ones', (name) => {
    const a = makeToyDataset(name, 500, { seed: 3 });
    const b = makeToyDataset(name, 500, { seed: 3 });
    const c = makeToyDataset(name, 500, { seed: 4 });
    expect(a.name).toBe(name);
    expect(a.dim).toBe(2);
    expect(a.count).toBe(500);
    expect(a.points).toBeInstanceOf(Float32Array);
    expect(a.points.length).toBe(1000);
    expect(a.labels.length).toBe(500);
    expect(Array.from(b.points)).toEqual(Array.from(a.points));
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    let differing = 0;
    for (let i = 0; i < a.points.length; i++) if (a.points[i] !== c.points[i]) differing++;
    expect(differing).toBeGreaterThan(900);
    expect(a.points.every(Number.isFinite)).toBe(true);
  });

  it('a longer draw starts with the points of a shorter one', () => {
    const short = makeToyDataset('two-moons', 10, { seed: 9 });
    const long = makeToyDataset('two-moons', 100, { seed: 9 });
    expect(Array.from(long.points.subarray(0, 20))).toEqual(Array.from(short.points));
  });

  it('eight-gaussians: points cluster near the 8 centres on a circle of radius 2, label = nearest centre', () => {
    const noise = 0.05;
    const ds = makeToyDataset('eight-gaussians', 4000, { seed: 1, noise });
    const counts = new Array(8).fill(0);
    let sumSq = 0;
    for (let i = 0; i < ds.count; i++) {
      const x = ds.points[2 * i];
      const y = ds.points[2 * i + 1];
      const k = ds.labels[i];
      counts[k]++;
      const cx = EIGHT_GAUSSIANS_RADIUS * Math.cos((2 * Math.PI * k) / 8);
      const cy = EIGHT_GAUSSIANS_RADIUS * Math.sin((2 * Math.PI * k) / 8);
      const d2 = (x - cx) ** 2 + (y - cy) ** 2;
      sumSq += d2;
      expect(Math.sqrt(d2)).toBeLessThan(6 * noise);
    }
    expect(EIGHT_GAUSSIANS_RADIUS).toBe(2);
    // E|p - c|^2 = 2 noise^2 for isotropic noise.
    expect(sumSq / ds.count).toBeCloseTo(2 * noise * noise, 3);
    for (const c of counts) expect(c).toBeGreaterThan(4000 / 8 - 100);
  });

  it('two-moons: labels split the moons (upper arc vs lower arc), about half each', () => {
    const ds = makeToyDataset('two-moons', 2000, { seed: 5, noise: 0 });
    let zeros = 0;
    for (let i = 0; i < ds.count; i++) {
      const x = ds.points[2 * i];
      const y = ds.points[2 * i + 1];
      if (ds.labels[i] === 0) {
        zeros++;
        expect(Math.hypot(x, y)).toBeCloseTo(1, 5);
        expect(y).toBeGreaterThanOrEqual(-1e-6);
      } else {
        expect(ds.labels[i]).toBe(1);
        expect(Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 5);
        expect(y).toBeLessThanOrEqual(0.5 + 1e-6);
      }
    }
    expect(zeros).toBeGreaterThan(900);
    expect(zeros).toBeLessThan(1100);
  });

  it('checkerboard: uniform on the 8 dark cells of [-2, 2]^2', () => {
    const ds = makeToyDataset('checkerboard', 4000, { seed: 2 });
    const cells = new Map<string, number>();
    for (let i = 0; i < ds.count; i++) {
      const x = ds.points[2 * i];
      const y = ds.points[2 * i + 1];
      expect(Math.abs(x)).toBeLessThanOrEqual(2);
      expect(Math.abs(y)).toBeLessThanOrEqual(2);
      const cx = Math.floor(x);
      const cy = Math.floor(y);
      expect((((cx + cy) % 2) + 2) % 2).toBe(0);
      cells.set(`${cx},${cy}`, (cells.get(`${cx},${cy}`) ?? 0) + 1);
    }
    expect(cells.size).toBe(8);
    for (const c of cells.values()) expect(c).toBeGreaterThan(400);
  });

  it('swiss-roll: points lie on the spiral r = t / 5 with angle t, t in [1.5 pi, 4.5 pi]', () => {
    const ds = makeToyDataset('swiss-roll', 500, { seed: 8, noise: 0 });
    for (let i = 0; i < ds.count; i++) {
      const x = ds.points[2 * i];
      const y = ds.points[2 * i + 1];
      const r = Math.hypot(x, y);
      const t = 5 * r;
      expect(t).toBeGreaterThanOrEqual(1.5 * Math.PI - 1e-4);
      expect(t).toBeLessThanOrEqual(4.5 * Math.PI + 1e-4);
      // (x, y) = r (cos t, sin t)
      expect(x / r).toBeCloseTo(Math.cos(t), 3);
      expect(y / r).toBeCloseTo(Math.sin(t), 3);
    }
  });

  it('noise adds spread around the noiseless shape', () => {
    const clean = makeToyDataset('two-moons', 1000, { seed: 5, noise: 0 });
    const noisy = makeToyDataset('two-moons', 1000, { seed: 5, noise: 0.2 });
    let sumSq = 0;
    for (let i = 0; i < clean.points.length; i++) sumSq += (noisy.points[i] - clean.points[i]) ** 2;
    expect(Math.sqrt(sumSq / clean.points.length)).toBeCloseTo(0.2, 1);
    expect(Array.from(noisy.labels)).toEqual(Array.from(clean.labels));
  });

  it('refuses bad names and arguments', () => {
    expect(() => makeToyDataset('spirals', 10)).toThrow(DatasetError);
    expect(() => makeToyDataset('spirals', 10)).toThrow(/two-moons, eight-gaussians, checkerboard, swiss-roll/);
    expect(() => makeToyDataset('two-moons', 0)).toThrow(/count must be a positive integer/);
    expect(() => makeToyDataset('two-moons', 10, { noise: -1 })).toThrow(/noise/);
    expect(() => makeToyDataset('two-moons', 10, { seed: 0.5 })).toThrow(/seed/);
    expect(isToyDatasetName('checkerboard')).toBe(true);
    expect(isToyDatasetName('mnist')).toBe(false);
  });
});
