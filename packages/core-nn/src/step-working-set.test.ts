import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BatchTooLargeError } from './batch-too-large-error.js';
import { assertBatchFits } from './fitting-chunks.js';
import { measureStepWorkingSet } from './step-working-set.js';
import { GaussianModel } from './test-utils/gaussian-model.js';

describe('measureStepWorkingSet', () => {
  it('measures a training step on a throw-away copy: per-example bytes grow with the data width, the model in use is untouched', async () => {
    const options = (dim: number) => ({
      create: () => new GaussianModel({ dim, seed: 3 }),
      batchOf: (n: number) => tf.randomNormal([n, dim], 0, 1, 'float32', n) as tf.Tensor2D,
      disposeBatch: (batch: tf.Tensor2D) => batch.dispose(),
    });
    const inUse = new GaussianModel({ dim: 1000, seed: 3 });
    const before = tf.tidy(() => Array.from(inUse.getWeights()['gaussian/mu'].dataSync()));
    const tensors = tf.memory().numTensors;
    const narrow = await measureStepWorkingSet(options(1000));
    const wide = await measureStepWorkingSet(options(4000));
    expect(tf.memory().numTensors).toBe(tensors);
    // Each example is a row of dim floats and the step holds several intermediates of its shape.
    expect(narrow.perExampleBytes).toBeGreaterThanOrEqual(2 * 1000 * 4);
    expect(wide.perExampleBytes / narrow.perExampleBytes).toBeCloseTo(4, 1);
    // Adam's two slots of two [dim] parameters are counted as fixed.
    expect(narrow.fixedBytes).toBeGreaterThanOrEqual(4 * 1000 * 4);
    expect(tf.tidy(() => Array.from(inUse.getWeights()['gaussian/mu'].dataSync()))).toEqual(before);
    inUse.dispose();
    // A batch that would not fit is refused before it runs, naming the batch that fits.
    const budget = { workingSetBytes: narrow.fixedBytes + 100 * narrow.perExampleBytes, maxTensorBytes: 1e12, source: 'test heap' };
    expect(() => assertBatchFits(narrow, 100, 'train toy-gaussian', budget)).not.toThrow();
    expect(() => assertBatchFits(narrow, 101, 'train toy-gaussian', budget)).toThrow(BatchTooLargeError);
    expect(() => assertBatchFits(narrow, 1000, 'train toy-gaussian', budget)).toThrow(/^train toy-gaussian: a batch of 1000 needs about .* use a batch size of 100 or less$/);
  });
});
