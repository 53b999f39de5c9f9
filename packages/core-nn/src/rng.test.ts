import { describe, expect, it } from 'vitest';
import { deriveSeed, hashString, stepSeed, stepSeeds } from './rng.js';

describe('deriveSeed', () => {
  it('never returns 0 and stays in [1, 2^31 - 1] over many inputs', () => {
    for (let base = -50; base < 50; base++) {
      for (let part = 0; part < 200; part++) {
        const s = deriveSeed(base, part);
        expect(s).toBeGreaterThanOrEqual(1);
        expect(s).toBeLessThanOrEqual(0x7fffffff);
        expect(Number.isInteger(s)).toBe(true);
      }
    }
    expect(deriveSeed(0)).not.toBe(0);
  });

  it('differs across parts, part order and base, and is deterministic', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 10000; i++) seen.add(deriveSeed(42, i));
    expect(seen.size).toBe(10000);
    expect(deriveSeed(1, 2, 3)).not.toBe(deriveSeed(1, 3, 2));
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 2));
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(1, 2, 0));
    expect(deriveSeed(7, 8)).toBe(deriveSeed(7, 8));
    expect(deriveSeed(1, 2 ** 40)).not.toBe(deriveSeed(1, 0));
    expect(deriveSeed(1, -5)).not.toBe(deriveSeed(1, 5));
  });

  it('rejects non-integers with a clear error', () => {
    expect(() => deriveSeed(1, 0.5)).toThrow(/safe integer/);
    expect(() => deriveSeed(Number.NaN)).toThrow(/base must be a safe integer/);
  });
});

describe('stepSeed / stepSeeds', () => {
  it('stepSeed is deriveSeed(runSeed, step)', () => {
    expect(stepSeed(9, 3)).toBe(deriveSeed(9, 3));
    expect(stepSeed(9, 3)).not.toBe(stepSeed(9, 4));
  });

  it('stepSeeds gives distinct non-zero seeds that do not coincide with step seeds', () => {
    const seeds = stepSeeds(123, 50);
    expect(seeds).toHaveLength(50);
    expect(new Set(seeds).size).toBe(50);
    expect(seeds.every((s) => s > 0)).toBe(true);
    for (let k = 0; k < 50; k++) expect(seeds[k]).not.toBe(stepSeed(123, k));
    expect(stepSeeds(124, 3)).not.toEqual(stepSeeds(123, 3));
    expect(() => stepSeeds(1, -1)).toThrow(/count/);
  });
});

describe('hashString', () => {
  it('matches FNV-1a reference values', () => {
    // Reference values of 32-bit FNV-1a.
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });
});
