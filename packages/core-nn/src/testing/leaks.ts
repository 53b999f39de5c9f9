import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/**
 * Runs `fn` (sync or async) and fails the test if it changed tf.memory().numTensors.
 * Dispose whatever `fn` creates inside it; the function's return value is passed through.
 */
export async function expectNoLeakedTensors<T>(fn: () => T | Promise<T>, what = 'the function'): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const leaked = tf.memory().numTensors - before;
  expect(leaked, `${what} leaked ${leaked} tensor(s)`).toBe(0);
  return result;
}
