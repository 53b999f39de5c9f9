import { describe, expect, it } from 'vitest';
import { DatasetError } from './dataset-error.js';
import { ShuffledBatches } from './shuffled-batches.js';

function epochIndices(b: ShuffledBatches, epoch: number): number[] {
  const all: number[] = [];
  for (let i = 0; i < b.batchesPerEpoch; i++) all.push(...b.indices(epoch, i));
  return all;
}

describe('ShuffledBatches', () => {
  it('every example appears exactly once per epoch (dropRemainder false), last batch partial', () => {
    const b = new ShuffledBatches({ numExamples: 103, batchSize: 10, seed: 1, dropRemainder: false });
    expect(b.batchesPerEpoch).toBe(11);
    expect(b.indices(0, 10).length).toBe(3);
    for (const epoch of [0, 1, 7]) {
      const all = epochIndices(b, epoch);
      expect(all.length).toBe(103);
      expect([...all].sort((x, y) => x - y)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    }
  });

  it('dropRemainder (default) gives only full batches of distinct examples', () => {
    const b = new ShuffledBatches({ numExamples: 103, batchSize: 10, seed: 1 });
    expect(b.batchesPerEpoch).toBe(10);
    const all = epochIndices(b, 0);
    expect(all.length).toBe(100);
    expect(new Set(all).size).toBe(100);
  });

  it('orders differ across epochs and across seeds', () => {
    const a = new ShuffledBatches({ numExamples: 200, batchSize: 20, seed: 1 });
    const b = new ShuffledBatches({ numExamples: 200, batchSize: 20, seed: 2 });
    const e0 = epochIndices(a, 0);
    const e1 = epochIndices(a, 1);
    const s2 = epochIndices(b, 0);
    const samePlace = (x: number[], y: number[]): number => x.filter((v, i) => v === y[i]).length;
    expect(samePlace(e0, e1)).toBeLessThan(10);
    expect(samePlace(e0, s2)).toBeLessThan(10);
    // Shuffled, not the identity.
    expect(samePlace(e0, Array.from({ length: 200 }, (_, i) => i))).toBeLessThan(10);
  });

  it('the same (seed, epoch, index) gives the same indices, from a fresh object and in any call order', () => {
    const a = new ShuffledBatches({ numExamples: 60, batchSize: 8, seed: 42 });
    const b = new ShuffledBatches({ numExamples: 60, batchSize: 8, seed: 42 });
    const first = Array.from(a.indices(3, 5));
    b.indices(9, 1);
    b.indices(0, 0);
    expect(Array.from(b.indices(3, 5))).toEqual(first);
    expect(Array.from(a.indices(3, 5))).toEqual(first);
  });

  it('resuming at index k of an epoch sees exactly the batches an uninterrupted run saw', () => {
    const opts = { numExamples: 77, batchSize: 6, seed: 5 };
    const run = new ShuffledBatches(opts);
    const uninterrupted: number[][] = [];
    for (let epoch = 0; epoch < 3; epoch++)
      for (let i = 0; i < run.batchesPerEpoch; i++) uninterrupted.push(Array.from(run.indices(epoch, i)));
    const k = 4;
    const resumed = new ShuffledBatches(opts);
    const after: number[][] = [];
    for (let epoch = 1; epoch < 3; epoch++)
      for (let i = epoch === 1 ? k : 0; i < resumed.batchesPerEpoch; i++) after.push(Array.from(resumed.indices(epoch, i)));
    expect(after).toEqual(uninterrupted.slice(run.batchesPerEpoch + k));
  });

  it('returned arrays are copies: changing one does not change later batches', () => {
    const b = new ShuffledBatches({ numExamples: 30, batchSize: 5, seed: 3 });
    const first = b.indices(0, 0);
    const copy = Array.from(first);
    first.fill(-1);
    expect(Array.from(b.indices(0, 0))).toEqual(copy);
  });

  it('shuffle false: natural order every epoch', () => {
    const b = new ShuffledBatches({ numExamples: 10, batchSize: 4, seed: 3, shuffle: false, dropRemainder: false });
    expect(Array.from(b.indices(5, 2))).toEqual([8, 9]);
    expect(Array.from(b.indices(0, 1))).toEqual([4, 5, 6, 7]);
  });

  it('out-of-range index and bad options give a clear DatasetError', () => {
    const b = new ShuffledBatches({ numExamples: 50, batchSize: 10, seed: 1 });
    expect(() => b.indices(0, 5)).toThrow(DatasetError);
    expect(() => b.indices(0, 5)).toThrow(/batch index 5 is out of range: expected an integer in \[0, 4\]/);
    expect(() => b.indices(0, -1)).toThrow(/out of range/);
    expect(() => b.indices(-1, 0)).toThrow(/epoch must be a non-negative integer/);
    expect(() => new ShuffledBatches({ numExamples: 5, batchSize: 10, seed: 1 })).toThrow(/no full batch/);
    expect(() => new ShuffledBatches({ numExamples: 5, batchSize: 0, seed: 1 })).toThrow(/batchSize/);
    expect(() => new ShuffledBatches({ numExamples: 5, batchSize: 1, seed: 1.5 })).toThrow(/seed/);
  });
});
