/**
 * Runs a batched computation over many items in chunks whose intermediates fit the backend's
 * memory: the first chunks are small and profiled (their results are kept, nothing is computed
 * twice), the working set is fitted from them, and the rest run at the largest size up to the
 * caller's batch size that fits. Used by evaluation and sampling, where splitting a batch does
 * not change what is computed; a training step cannot be split, so there `assertBatchFits`
 * refuses instead.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { BatchTooLargeError } from './batch-too-large-error.js';
import { type MemoryBudget, backendMemoryBudget } from './memory-budget.js';
import { type WorkingSet, fitWorkingSet, maxBatchSize, profileMemory, workingSetBytes } from './working-set.js';

export interface FittingChunksOptions {
  /** What runs, for messages, e.g. 'NADE logProb'. */
  what: string;
  /** The most items per call (the caller's batch size). */
  maxChunkSize: number;
  /** Default: backendMemoryBudget() when the run starts. */
  budget?: MemoryBudget;
  /** Sizes of the two profiled chunks that come first (default [2, 4]). */
  probeSizes?: readonly [number, number];
  /** A working set measured before (by an earlier call on the same computation): no probing then. */
  workingSet?: WorkingSet;
  /** Stops between chunks (Ctrl-C): the signal's reason is thrown. */
  signal?: AbortSignal;
}

export interface FittingChunksResult {
  /** The size the chunks after the probes ran at. */
  chunkSize: number;
  /** The fitted working set (absent when the probes covered every item). */
  workingSet?: WorkingSet;
  budget: MemoryBudget;
}

/** The browser's MessageChannel, as far as nextEventLoopTurn uses it. */
type BrowserMessageChannel = new () => {
  port1: { onmessage: (() => void) | null; close(): void };
  port2: { postMessage(message: null): void };
};

/**
 * Resolves on the next turn of the event loop (a macrotask, so timers, signals, rendering and
 * progress written to a pipe get to run): setImmediate in Node.js, a MessageChannel message in
 * browsers (setTimeout(0) is clamped to 4 ms there). Backends whose reads resolve at once (cpu,
 * wasm) never let a loop of awaited reads reach the event loop, so await this between chunks or
 * steps of a long computation that a Ctrl-C handler or a cancel button must be able to stop.
 */
export function nextEventLoopTurn(): Promise<void> {
  return new Promise((resolve) => {
    const Channel = (globalThis as unknown as { MessageChannel?: BrowserMessageChannel }).MessageChannel;
    if (typeof setImmediate === 'function') {
      setImmediate(resolve);
    } else if (Channel) {
      const channel = new Channel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    } else {
      setTimeout(resolve, 0);
    }
  });
}

/**
 * Calls `run(start, size)` for consecutive chunks covering [0, total) and hands each result to
 * `consume`, which owns it. Throws BatchTooLargeError when not even one item fits.
 */
export async function forEachFittingChunk<T extends tf.TensorContainer>(
  total: number,
  run: (start: number, size: number) => T,
  consume: (result: T, start: number, size: number) => void | Promise<void>,
  options: FittingChunksOptions,
): Promise<FittingChunksResult> {
  const { what, maxChunkSize } = options;
  if (!(Number.isInteger(total) && total >= 0)) throw new RangeError(`${what}: the number of items must be an integer >= 0, got ${total}`);
  if (!(Number.isInteger(maxChunkSize) && maxChunkSize >= 1)) throw new RangeError(`${what}: the batch size must be a positive integer, got ${maxChunkSize}`);
  const [p1, p2] = options.probeSizes ?? [2, 4];
  if (!(Number.isInteger(p1) && Number.isInteger(p2) && p1 >= 1 && p2 > p1)) {
    throw new RangeError(`${what}: probeSizes must be two increasing positive integers, got [${p1}, ${p2}]`);
  }
  const budget = options.budget ?? backendMemoryBudget();
  const profiles: { batchSize: number; peakBytes: number; largestTensorBytes: number }[] = [];
  let start = 0;
  // Probe only when the caller's batch is larger than the probes: a batch of 4 is run as it is.
  if (maxChunkSize > p2 && options.workingSet === undefined) {
    for (const size of [p1, p2]) {
      if (start >= total) break;
      await checkSignal(options.signal);
      const n = Math.min(size, total - start);
      const profile = await profileMemory(() => run(start, n));
      profiles.push({ batchSize: n, peakBytes: profile.peakBytes, largestTensorBytes: profile.largestTensorBytes });
      await consume(profile.result, start, n);
      start += n;
    }
  }
  if (start >= total) return { chunkSize: maxChunkSize, budget, ...(profiles.length > 0 ? { workingSet: fitWorkingSet(profiles) } : {}) };
  let chunkSize = maxChunkSize;
  let workingSet = options.workingSet;
  if (profiles.length > 0) workingSet = fitWorkingSet(profiles);
  if (workingSet !== undefined) {
    const fit = maxBatchSize(workingSet, budget);
    if (fit < 1) throw new BatchTooLargeError(what, 1, 0, workingSetBytes(workingSet, 1), budget);
    chunkSize = Math.min(maxChunkSize, fit);
  }
  while (start < total) {
    await checkSignal(options.signal);
    const n = Math.min(chunkSize, total - start);
    await consume(run(start, n), start, n);
    start += n;
  }
  return { chunkSize, budget, ...(workingSet ? { workingSet } : {}) };
}

/** With a signal, lets its abort handler run, then throws its reason if it was aborted. */
async function checkSignal(signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return;
  await nextEventLoopTurn();
  signal.throwIfAborted();
}

/** Throws BatchTooLargeError, naming the batch size that fits, when `batchSize` would not fit `budget`. */
export function assertBatchFits(workingSet: WorkingSet, batchSize: number, what: string, budget: MemoryBudget = backendMemoryBudget()): void {
  const fit = maxBatchSize(workingSet, budget);
  if (batchSize > fit) throw new BatchTooLargeError(what, batchSize, fit, workingSetBytes(workingSet, fit === 0 ? 1 : batchSize), budget);
}
