import { describe, expect, it } from 'vitest';
import { createRandom, hashSeed, permutation } from './prng.js';

describe('prng', () => {
  it('mulberry32 matches its reference output for seed 0', () => {
    // Reference: the original mulberry32 JS, first three outputs for seed 0.
    const r = createRandom(0);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([1144304738, 1416247, 958946056]);
  });

  it('hashSeed separates nearby tuples and handles large and negative integers', () => {
    const seeds = new Set<number>();
    for (let s = -5; s < 5; s++) for (let e = 0; e < 10; e++) seeds.add(hashSeed(s, e));
    expect(seeds.size).toBe(100);
    expect(hashSeed(2 ** 40, 1)).not.toBe(hashSeed(0, 1));
    expect(hashSeed(1, 2)).not.toBe(hashSeed(2, 1));
    expect(() => hashSeed(0.5)).toThrow(/safe integers/);
  });

  it('nextInt is uniform and nextNormal has mean 0, variance 1', () => {
    const r = createRandom(123);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60000; i++) counts[r.nextInt(6)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
    let sum = 0;
    let sumSq = 0;
    const n = 40000;
    for (let i = 0; i < n; i++) {
      const z = r.nextNormal();
      sum += z;
      sumSq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.03);
  });

  it('permutation is a permutation, with every position equally likely', () => {
    const firstCounts = new Array(4).fill(0);
    const r = createRandom(9);
    for (let t = 0; t < 8000; t++) {
      const p = permutation(4, r);
      expect([...p].sort()).toEqual([0, 1, 2, 3]);
      firstCounts[p[0]]++;
    }
    for (const c of firstCounts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });
});
