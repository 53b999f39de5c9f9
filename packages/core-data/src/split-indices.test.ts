import { describe, expect, it } from 'vitest';
import { splitIndices } from './split-indices.js';

describe('splitIndices', () => {
  it('partitions 0..count-1 into sorted train and holdout of the right sizes', () => {
    const { train, holdout } = splitIndices(1000, 0.1, 4);
    expect(holdout.length).toBe(100);
    expect(train.length).toBe(900);
    const all = [...train, ...holdout].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    for (const arr of [train, holdout]) for (let i = 1; i < arr.length; i++) expect(arr[i]).toBeGreaterThan(arr[i - 1]);
    // Random, not a contiguous block.
    expect(holdout[holdout.length - 1] - holdout[0]).toBeGreaterThan(500);
  });

  it('is seeded', () => {
    const a = splitIndices(500, 0.2, 1);
    const b = splitIndices(500, 0.2, 1);
    const c = splitIndices(500, 0.2, 2);
    expect(Array.from(b.holdout)).toEqual(Array.from(a.holdout));
    expect(Array.from(c.holdout)).not.toEqual(Array.from(a.holdout));
  });

  it('refuses fractions outside [0, 1) and splits with no training data', () => {
    expect(() => splitIndices(10, 1, 1)).toThrow(/holdoutFraction must be in \[0, 1\)/);
    expect(() => splitIndices(1, 0.9, 1)).toThrow(/leaves none for training/);
    expect(splitIndices(10, 0, 1).holdout.length).toBe(0);
  });
});
