/**
 * The memory a batched computation needs, measured rather than declared: a call is run under
 * tf.profile, which records the engine's byte count after every kernel, so the peak above what
 * was alive before is the call's working set whatever the model (no per-model estimate to keep
 * in step with the code). Two batch sizes give the part that grows with the batch and the part
 * that does not (transposed weights, a sampler's constants).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MemoryBudget } from './memory-budget.js';

export interface MemoryProfile<T> {
  /** What the call returned (owned by the caller). */
  result: T;
  /** Peak bytes of tensors alive during the call, above those alive before it. */
  peakBytes: number;
  /** Bytes of the largest tensor a kernel of the call produced (4 bytes per element assumed). */
  largestTensorBytes: number;
}

/**
 * Runs `fn` once under tf.profile and reports its peak tensor memory. The engine's check that
 * every kernel output is finite is off during the call: it reads every output back, and an
 * intermediate -Infinity (a masked log, say) would end the process from a dangling promise.
 */
export async function profileMemory<T extends tf.TensorContainer>(fn: () => T): Promise<MemoryProfile<T>> {
  const before = tf.memory().numBytes;
  const flag = 'CHECK_COMPUTATION_FOR_ERRORS';
  const checking = tf.env().getBool(flag);
  tf.env().set(flag, false);
  try {
    const info = await tf.profile(fn);
    let peak = 0;
    let largest = 0;
    for (const kernel of info.kernels) {
      peak = Math.max(peak, kernel.totalBytesSnapshot - before);
      for (const shape of kernel.outputShapes) largest = Math.max(largest, 4 * shape.reduce((a, b) => a * b, 1));
    }
    return { result: info.result as T, peakBytes: peak, largestTensorBytes: largest };
  } finally {
    tf.env().set(flag, checking);
  }
}

/** The memory of a call as a function of its batch size n: fixedBytes + n * perExampleBytes. */
export interface WorkingSet {
  /** Bytes that do not grow with the batch. */
  readonly fixedBytes: number;
  /** Bytes each example adds to the peak. */
  readonly perExampleBytes: number;
  /** Bytes each example adds to the largest single tensor (an upper bound: the fixed part is counted per example). */
  readonly largestTensorPerExampleBytes: number;
}

/** A working set fitted through profiles of the same call at two or more batch sizes. */
export function fitWorkingSet(profiles: readonly { batchSize: number; peakBytes: number; largestTensorBytes: number }[]): WorkingSet {
  if (profiles.length === 0) throw new RangeError('fitWorkingSet: give at least one profiled call');
  for (const p of profiles) {
    if (!(Number.isInteger(p.batchSize) && p.batchSize > 0)) throw new RangeError(`fitWorkingSet: batch sizes must be positive integers, got ${p.batchSize}`);
  }
  const sorted = [...profiles].sort((a, b) => a.batchSize - b.batchSize);
  const small = sorted[0];
  const large = sorted[sorted.length - 1];
  // One size (or equal sizes): count everything per example, which can only overestimate.
  const perExample =
    large.batchSize === small.batchSize
      ? large.peakBytes / large.batchSize
      : Math.max((large.peakBytes - small.peakBytes) / (large.batchSize - small.batchSize), 0);
  const fixed = Math.max(small.peakBytes - perExample * small.batchSize, 0);
  const largest = Math.max(...sorted.map((p) => p.largestTensorBytes / p.batchSize));
  return { fixedBytes: fixed, perExampleBytes: perExample, largestTensorPerExampleBytes: largest };
}

/** The largest batch whose working set fits `budget`: 0 when not even one example fits. */
export function maxBatchSize(workingSet: WorkingSet, budget: MemoryBudget): number {
  const { fixedBytes, perExampleBytes, largestTensorPerExampleBytes } = workingSet;
  const byTotal = perExampleBytes > 0 ? Math.floor((budget.workingSetBytes - fixedBytes) / perExampleBytes) : Infinity;
  const byTensor = largestTensorPerExampleBytes > 0 ? Math.floor(budget.maxTensorBytes / largestTensorPerExampleBytes) : Infinity;
  const fit = Math.min(byTotal, byTensor);
  if (fit === Infinity) return Number.MAX_SAFE_INTEGER;
  return Math.max(0, fit);
}

/** Bytes the call needs at `batchSize`. */
export function workingSetBytes(workingSet: WorkingSet, batchSize: number): number {
  return workingSet.fixedBytes + batchSize * workingSet.perExampleBytes;
}
