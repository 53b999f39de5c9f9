import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { backendMemoryBudget } from './memory-budget.js';

describe('backendMemoryBudget', () => {
  it('offers a fraction of what the backend has free, counting the tensors alive now', () => {
    const before = backendMemoryBudget({ totalBytes: 1e8 });
    const alive = tf.zeros([1_000_000]); // 4 MB
    const after = backendMemoryBudget({ totalBytes: 1e8 });
    alive.dispose();
    expect(before.workingSetBytes - after.workingSetBytes).toBeCloseTo(2e6, 0);
    expect(backendMemoryBudget({ totalBytes: 1e8, fraction: 1 }).workingSetBytes).toBeCloseTo(1e8 - tf.memory().numBytes, 0);
    expect(after.maxTensorBytes).toBeLessThanOrEqual(after.workingSetBytes);
  });

  it('says where its figures come from, and that a total it cannot see is assumed', () => {
    expect(backendMemoryBudget().source).toMatch(/^cpu, 4096 MiB \(assumed: the engine cannot see the device memory\), \d+ MiB in use$/);
    expect(backendMemoryBudget({ totalBytes: 2 ** 30 }).source).toMatch(/^cpu, 1024 MiB, \d+ MiB in use$/);
  });

  it('rejects a fraction outside (0, 1] and a total that is not a positive number', () => {
    expect(() => backendMemoryBudget({ fraction: 0 })).toThrow(/fraction must be in \(0, 1\]/);
    expect(() => backendMemoryBudget({ totalBytes: -1 })).toThrow(/totalBytes must be a positive number/);
  });
});
