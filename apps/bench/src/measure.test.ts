import { describe, expect, it } from 'vitest';
import { timeMedian } from './measure.js';

describe('timeMedian', () => {
  it('runs the warm-up calls untimed and reports the median of the timed ones', async () => {
    const delays = [200, 200, 5, 30, 10]; // two slow warm-ups, then 5, 30, 10 ms
    let call = 0;
    const timing = await timeMedian(() => new Promise((resolve) => setTimeout(resolve, delays[call++])), { warmup: 2, runs: 3 });
    expect(call).toBe(5);
    expect(timing.runs).toBe(3);
    expect(timing.medianMs).toBeGreaterThanOrEqual(9);
    expect(timing.medianMs).toBeLessThan(29);
    expect(timing.minMs).toBeLessThanOrEqual(timing.medianMs);
    // (5 + 30 + 10) / 3 = 15 ms plus timer slack: the warm-ups stay out of the mean too.
    expect(timing.meanMs).toBeGreaterThanOrEqual(14);
    expect(timing.meanMs).toBeLessThan(60);
    expect(timing.maxMs).toBeGreaterThanOrEqual(29);
    expect(timing.maxMs).toBeLessThan(199);
  });
});
