/**
 * Profile mode: where a training step's time goes, kernel by kernel (TF.js's profiler times every
 * kernel call of the step). This is how the fused group-norm and layout kernels of
 * @genmodels/backend were chosen; run it before optimising anything.
 */
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import type { ThroughputHandle } from './tasks/bench-task.js';

export interface KernelTime {
  kernel: string;
  calls: number;
  /** Total milliseconds over the profiled steps. */
  ms: number;
}

export interface StepProfile {
  steps: number;
  /** Wall-clock milliseconds per step while profiling (the profiler adds a little). */
  wallMsPerStep: number;
  /** Sum of kernel times per step; the rest of the wall time is JavaScript outside kernels. */
  kernelMsPerStep: number;
  /** Per kernel name, slowest first, totals per step. */
  kernels: KernelTime[];
}

/** Runs `warmup` unprofiled steps, then profiles `steps` steps and sums kernel times by name. */
export async function profileTrainStep(handle: ThroughputHandle, options: { warmup: number; steps: number }): Promise<StepProfile> {
  if (!(Number.isInteger(options.steps) && options.steps >= 1)) throw new Error(`profile: steps must be a positive integer, got ${options.steps}`);
  for (let i = 0; i < options.warmup; i++) await handle.trainStep();
  const totals = new Map<string, KernelTime>();
  let wall = 0;
  for (let i = 0; i < options.steps; i++) {
    const start = performance.now();
    const info = await tf.profile(() => handle.trainStep());
    wall += performance.now() - start;
    for (const k of info.kernels) {
      const time = await k.kernelTimeMs;
      const ms = typeof time === 'number' ? time : 0;
      const entry = totals.get(k.name) ?? { kernel: k.name, calls: 0, ms: 0 };
      entry.calls++;
      entry.ms += ms;
      totals.set(k.name, entry);
    }
  }
  const kernels = [...totals.values()]
    .map((k) => ({ kernel: k.kernel, calls: k.calls / options.steps, ms: k.ms / options.steps }))
    .sort((a, b) => b.ms - a.ms);
  return {
    steps: options.steps,
    wallMsPerStep: wall / options.steps,
    kernelMsPerStep: kernels.reduce((sum, k) => sum + k.ms, 0),
    kernels,
  };
}
