import { describe, expect, it } from 'vitest';
import { timeMedian } from './measure.js';

describe('timeMedian', () => {
  it('runs the warm-up calls untimed and reports the median and mean of the timed ones', async () => {
    // Two slow warm-ups, then 5, 200 and 40 ms. Delays are far apart so scheduler jitter on a
    // loaded machine cannot reorder them.
    const delays = [600, 600, 5, 200, 40];
    let call = 0;
    const timing = await timeMedian(() => new Promise((resolve) => setTimeout(resolve, delays[call++])), { warmup: 2, runs: 3 });
    expect(call).toBe(5);
    expect(timing.runs).toBe(3);
    expect(timing.medianMs).toBeGreaterThanOrEqual(39);
    expect(timing.medianMs).toBeLessThan(190);
    expect(timing.minMs).toBeLessThan(timing.medianMs);
    expect(timing.maxMs).toBeGreaterThanOrEqual(199);
    expect(timing.maxMs).toBeLessThan(590); // the 600 ms warm-ups were not timed
    // (5 + 200 + 40) / 3 = 82 ms plus jitter.
    expect(timing.meanMs).toBeGreaterThanOrEqual(81);
    expect(timing.meanMs).toBeLessThan(250);
  });

  it('stops timing once maxSeconds of timed calls have passed, after at least one', async () => {
    let call = 0;
    const slow = () =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          call++;
          resolve();
        }, 20),
      );
    // 1 ms is exceeded by the first 20 ms call, so exactly one call is timed after the warm-up.
    const timing = await timeMedian(slow, { warmup: 1, runs: 10, maxSeconds: 0.001 });
    expect(call).toBe(2);
    expect(timing.runs).toBe(1);
    expect(timing.medianMs).toBe(timing.meanMs);
  });
});
