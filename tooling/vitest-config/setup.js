// Picks the TF.js backend for tests and fails any test that leaks tensors.
// GENMODELS_TEST_BACKEND=cpu (default) selects the reference cpu backend. Packages that need the fast
// backends in tests (packages/backend) set them up themselves.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, expect } from 'vitest';

const wanted = process.env.GENMODELS_TEST_BACKEND ?? 'cpu';

beforeAll(async () => {
  if (tf.getBackend() !== wanted) {
    const ok = await tf.setBackend(wanted);
    if (!ok) throw new Error(`test backend "${wanted}" could not be initialised`);
  }
  await tf.ready();
});

let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});

afterEach((context) => {
  // A test that creates tensors on purpose and keeps them across tests opts out with
  // `context.task.meta.allowTensorLeak = true` (rare; prefer disposing).
  if (context.task.meta?.allowTensorLeak) return;
  const leaked = tf.memory().numTensors - tensorsBefore;
  expect(leaked, `test leaked ${leaked} tensor(s); dispose them or wrap work in tf.tidy`).toBe(0);
});
