/**
 * The working set of a model's training step, measured on a throw-away copy: a training batch
 * cannot be split without changing the step, so a batch that would not fit is refused before it
 * runs (assertBatchFits) instead of overflowing the wasm heap mid-step. The copy is built from the
 * same config, takes two small steps under tf.profile (gradients, optimizer slots and all) and is
 * disposed; the model being trained is never touched.
 */
import type { GenerativeModel } from './model-spec.js';
import { type WorkingSet, fitWorkingSet, profileMemory } from './working-set.js';

export interface StepWorkingSetOptions<TBatch> {
  /** Builds a fresh model of the same config (its weights do not matter). */
  create: () => GenerativeModel<TBatch>;
  /** A batch of n examples shaped like the training data (values do not matter; the caller owns it). */
  batchOf: (n: number) => TBatch;
  /** Disposes a batch made by batchOf. */
  disposeBatch: (batch: TBatch) => void;
  /** The two batch sizes of the probe steps (default [2, 4]). */
  probeSizes?: readonly [number, number];
}

export async function measureStepWorkingSet<TBatch>(options: StepWorkingSetOptions<TBatch>): Promise<WorkingSet> {
  const [p1, p2] = options.probeSizes ?? [2, 4];
  if (!(Number.isInteger(p1) && Number.isInteger(p2) && p1 >= 1 && p2 > p1)) {
    throw new RangeError(`measureStepWorkingSet: probeSizes must be two increasing positive integers, got [${p1}, ${p2}]`);
  }
  const model = options.create();
  try {
    // A first step creates the optimizer slots, which stay: they are part of the fixed cost.
    const profiles = [];
    let step = 0;
    for (const n of [p1, p1, p2]) {
      const batch = options.batchOf(n);
      try {
        const profile = await profileMemory(() => model.trainStep(batch, { step, epoch: 0, seed: step + 1 }));
        for (const metric of Object.values(profile.result)) metric.dispose();
        if (step > 0) profiles.push({ batchSize: n, peakBytes: profile.peakBytes, largestTensorBytes: profile.largestTensorBytes });
      } finally {
        options.disposeBatch(batch);
      }
      step += 1;
    }
    const workingSet = fitWorkingSet(profiles);
    // The slots created by the first step are alive during every later one.
    const slots = Object.values(model.getOptimizerState());
    const slotBytes = slots.reduce((total, t) => total + t.size * 4, 0);
    for (const t of slots) t.dispose();
    return { ...workingSet, fixedBytes: workingSet.fixedBytes + slotBytes };
  } finally {
    model.dispose();
  }
}
