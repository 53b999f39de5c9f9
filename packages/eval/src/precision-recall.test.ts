import { describe, expect, it } from 'vitest';
import { precisionRecall } from './precision-recall.js';
import { gaussianSamples } from './test-utils/gaussian-samples.js';

describe('precisionRecall', () => {
  const zeros = [0, 0, 0, 0];
  const real = gaussianSamples(400, zeros, { seed: 21 });

  it('is high for a second draw of the same distribution', async () => {
    const r = await precisionRecall(real, gaussianSamples(400, zeros, { seed: 22 }), { k: 3, blockSize: 64 });
    expect(r.precision).toBeGreaterThan(0.75);
    expect(r.recall).toBeGreaterThan(0.75);
  });

  it('separates fidelity from coverage: a collapsed generator has high precision and low recall', async () => {
    const collapsed = gaussianSamples(400, zeros, { variances: [0.01, 0.01, 0.01, 0.01], seed: 23 });
    const r = await precisionRecall(real, collapsed, { k: 3 });
    expect(r.precision).toBeGreaterThan(0.9);
    expect(r.recall).toBeLessThan(0.2);
  });

  it('is ~0 for samples far from the data', async () => {
    const far = gaussianSamples(400, [10, 10, 10, 10], { seed: 24 });
    const r = await precisionRecall(real, far, { k: 3 });
    expect(r.precision).toBe(0);
    expect(r.recall).toBe(0);
  });
});
