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

/**
 * `warmup` untimed calls, then up to `runs` timed ones. With `maxSeconds`, timing stops early
 * (after at least one timed call) once the timed calls have taken that long: a 1000-step sampler
 * gets one timed call, not ten. The PyTorch side (pytorch/torchbench/timing.py) follows the same rule.
 */
export async function timeMedian(fn: () => Promise<void>, options: { warmup: number; runs: number; maxSeconds?: number }): Promise<Timing> {
  for (let i = 0; i < options.warmup; i++) await fn();
  const times: number[] = [];
  let total = 0;
  while (times.length < options.runs) {
    const start = performance.now();
    await fn();
    const ms = performance.now() - start;
    times.push(ms);
    total += ms;
    if (options.maxSeconds !== undefined && total >= options.maxSeconds * 1000) break;
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const medianMs = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  const meanMs = total / times.length;
  return { medianMs, meanMs, minMs: times[0], maxMs: times[times.length - 1], runs: times.length };
}
