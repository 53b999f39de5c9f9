/** Timing as bench-spec fixes it: warm-up calls, then the median of timed calls. */
import { performance } from 'node:perf_hooks';

export interface Timing {
  medianMs: number;
  /** The mean shows what the median hides: occasional slow calls (GC, heap growth). */
  meanMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

export async function timeMedian(fn: () => Promise<void>, options: { warmup: number; runs: number }): Promise<Timing> {
  for (let i = 0; i < options.warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const medianMs = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  const meanMs = times.reduce((a, b) => a + b, 0) / times.length;
  return { medianMs, meanMs, minMs: times[0], maxMs: times[times.length - 1], runs: times.length };
}
