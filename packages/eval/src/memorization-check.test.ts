import { describe, expect, it } from 'vitest';
import { memorizationCheck } from './memorization-check.js';
import { gaussianSamples } from './test-utils/gaussian-samples.js';

describe('memorizationCheck', () => {
  const dims = 16;
  const zeros = new Array(dims).fill(0);
  const training = gaussianSamples(500, zeros, { seed: 31 });

  it('flags near-copies of training examples and not fresh draws', async () => {
    const fresh = gaussianSamples(40, zeros, { seed: 32 });
    const noise = gaussianSamples(10, zeros, { variances: new Array(dims).fill(1e-4), seed: 33 });
    const values = Float64Array.from(fresh.values);
    // Samples 5, 10, ..., 50 (ten of them) are training rows 7, 14, ... plus tiny noise.
    const copied = [5, 10, 15, 20, 25, 30, 35, 0, 1, 2];
    copied.forEach((s, i) => {
      for (let j = 0; j < dims; j += 1) values[s * dims + j] = training.values[(7 * (i + 1)) * dims + j] + noise.values[i * dims + j];
    });
    const result = await memorizationCheck({ count: 40, dims, values }, training, { k: 10, reference: gaussianSamples(100, zeros, { seed: 34 }) });
    expect([...result.flaggedIndices].sort((a, b) => a - b)).toEqual([...copied].sort((a, b) => a - b));
    expect(result.flaggedFraction).toBeCloseTo(10 / 40, 10);
    expect(result.reference?.flaggedFraction).toBeLessThan(0.05);
  });

  it('explains what is missing', async () => {
    await expect(memorizationCheck(training, gaussianSamples(5, zeros, { seed: 35 }), { k: 10 })).rejects.toThrow(/needs at least 11 training examples/);
  });
});
