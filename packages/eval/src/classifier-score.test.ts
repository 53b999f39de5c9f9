import { describe, expect, it } from 'vitest';
import { classHistogram } from './class-histogram.js';
import { classifierScore } from './classifier-score.js';

/** Logits that put almost all mass on `label` (softmax of 20 vs 0). */
function confidentLogits(labels: number[], numClasses = 10): number[][] {
  return labels.map((l) => Array.from({ length: numClasses }, (_, j) => (j === l ? 20 : 0)));
}

describe('classifierScore', () => {
  it('reaches the number of classes for confident, balanced predictions', () => {
    const labels = Array.from({ length: 200 }, (_, i) => i % 10);
    const s = classifierScore(confidentLogits(labels), { numSplits: 2 });
    expect(s.mean).toBeGreaterThan(9.99);
    expect(s.mean).toBeLessThanOrEqual(10 + 1e-9);
  });

  it('is 1 when every sample is the same class or every prediction is uniform', () => {
    expect(classifierScore(confidentLogits(new Array(50).fill(3)), { numSplits: 5 }).mean).toBeCloseTo(1, 6);
    expect(classifierScore(Array.from({ length: 50 }, () => new Array(10).fill(0.7)), { numSplits: 5 }).mean).toBeCloseTo(1, 10);
  });

  it('matches a hand computation for two classes', () => {
    // p(y|x) = (0.5, 0.5) and (1, 0) (logits ln 1 vs ln 0 approximated by a huge gap): p(y) = (0.75, 0.25).
    // KL1 = 0.5 ln(0.5/0.75) + 0.5 ln(0.5/0.25) = 0.143841; KL2 = ln(1/0.75) = 0.287682; exp(mean) = exp(0.215762) = 1.240806.
    const s = classifierScore(
      [
        [0, 0],
        [100, 0],
      ],
      { numSplits: 1 },
    );
    expect(s.mean).toBeCloseTo(1.240806, 5);
  });
});

describe('classHistogram', () => {
  it('counts argmax classes and measures the distance from uniform', () => {
    const h = classHistogram(confidentLogits([0, 0, 0, 1], 4));
    expect(h.counts).toEqual([3, 1, 0, 0]);
    expect(h.numClassesPresent).toBe(2);
    // KL((3/4, 1/4, 0, 0) || uniform over 4) = 0.75 ln 3 + 0.25 ln 1 = 0.823959
    expect(h.klFromUniform).toBeCloseTo(0.823959, 5);
    const balanced = classHistogram(confidentLogits([0, 1, 2, 3], 4));
    expect(balanced.klFromUniform).toBeCloseTo(0, 12);
  });
});
