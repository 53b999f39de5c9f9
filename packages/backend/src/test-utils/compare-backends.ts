import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/**
 * Tolerance of every backend comparison: max |actual - expected| / max |expected| over a tensor.
 * float32 sums taken in a different order (XNNPACK and OpenBLAS block their loops) differ by
 * about 1e-6 relative here; a wrong index or a missing term gives errors of order 1.
 */
export const RELATIVE_TOLERANCE = 1e-4;

/** An input tensor described by its values, so that each backend builds its own copy. */
export interface InputSpec {
  values: Float32Array;
  shape: number[];
}

/** Runs `fn` on `backend` (made active) and reads every output back. */
export async function runOn(backend: string, fn: () => Tensor[]): Promise<Float32Array[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} is not available`);
  return tf.tidy(() => fn().map((t) => Float32Array.from(t.dataSync() as Float32Array)));
}

/** Value of `f` and its gradients with respect to every input. */
export function valueAndGrads(f: (...xs: Tensor[]) => Tensor, inputs: InputSpec[]): () => Tensor[] {
  return () => {
    const xs = inputs.map((s) => tf.tensor(s.values, s.shape));
    const { value, grads } = tf.valueAndGrads((...args: Tensor[]) => f(...args))(xs);
    return [value, ...grads];
  };
}

/** max |a - b| / max |b|, the figure compared with RELATIVE_TOLERANCE. */
export function maxRelativeError(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!);
    if (!(d <= diff)) diff = d; // NaN propagates
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / Math.max(scale, 1e-12);
}

/**
 * Runs `fn` on `target` and `reference` (default `fn`) on the cpu backend; every output must agree
 * within RELATIVE_TOLERANCE. A separate reference serves where the cpu kernel itself is wrong.
 */
export async function expectMatchesCpu(target: string, label: string, fn: () => Tensor[], reference: () => Tensor[] = fn): Promise<number> {
  const expected = await runOn('cpu', reference);
  const actual = await runOn(target, fn);
  expect(actual.length, `${label}: number of outputs`).toBe(expected.length);
  let worst = 0;
  expected.forEach((e, i) => {
    const err = maxRelativeError(actual[i]!, e);
    worst = Math.max(worst, err);
    expect(err, `${label}: output ${i} max relative error`).toBeLessThan(RELATIVE_TOLERANCE);
    // Guard against comparing two empty or all-zero results, which would pass vacuously.
    expect(e.some((v) => v !== 0), `${label}: output ${i} is all zeros on cpu`).toBe(true);
  });
  return worst;
}
