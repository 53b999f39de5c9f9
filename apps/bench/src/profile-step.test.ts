import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { profileTrainStep } from './profile-step.js';
import type { ThroughputHandle } from './tasks/bench-task.js';

describe('profileTrainStep', () => {
  it('sums kernel calls per step by name, slowest first, after unprofiled warm-up steps', async () => {
    let stepsRun = 0;
    const handle: ThroughputHandle = {
      trainBatch: 1,
      sampleBatch: 1,
      parameters: 0,
      trainStep: async () => {
        stepsRun++;
        const out = tf.tidy(() => {
          const a = tf.ones([64, 64]);
          return tf.add(tf.matMul(a, a), tf.add(a, a)); // one MatMul and two Adds a step
        });
        await out.data();
        out.dispose();
      },
      sampleCall: async () => {},
      dispose: () => {},
    };
    const profile = await profileTrainStep(handle, { warmup: 2, steps: 3 });
    expect(stepsRun).toBe(5);
    const byName = Object.fromEntries(profile.kernels.map((k) => [k.kernel, k]));
    expect(byName.Add?.calls).toBe(2);
    expect(byName.BatchMatMul?.calls).toBe(1);
    for (let i = 1; i < profile.kernels.length; i++) expect(profile.kernels[i - 1]!.ms).toBeGreaterThanOrEqual(profile.kernels[i]!.ms);
    expect(profile.kernelMsPerStep).toBeCloseTo(profile.kernels.reduce((s, k) => s + k.ms, 0), 6);
    await expect(profileTrainStep(handle, { warmup: 0, steps: 0 })).rejects.toThrow(/positive integer/);
  });
});
