/**
 * Checkpoints stored by score-diffusion 0.1.0 keep loading: the fixtures in test/fixtures/checkpoints
 * (written once by scripts/write-checkpoint-fixture.mjs, before the model / pipeline split) are
 * loaded into a model built from their config.json, which must reproduce what the old code
 * recorded: seeded samples with the default and the DDIM scheduler (the EMA weights), an evaluation
 * loss, and one more training step (the Adam slots and the EMA's update count) down to a sum per
 * weight name.
 */
import { readFileSync } from 'node:fs';
import { loadCheckpoint } from '@genmodels/core-nn/node';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DDPM } from './ddpm.js';
import type { DiffusionConfigInput } from './diffusion-config.js';
import { NCSN } from './ncsn.js';

interface Expected {
  batch: { shape: number[]; values: number[] };
  sample: { options: Record<string, unknown>; values: number[] };
  ddimSample: { options: Record<string, unknown>; values: number[] };
  evaluateLoss: { context: { step: number; epoch: number; seed: number }; value: number };
  trainLoss: { context: { step: number; epoch: number; seed: number }; value: number };
  weightSumsAfterTrainStep: Record<string, number>;
}

const FIXTURES = new URL('../test/fixtures/checkpoints/', import.meta.url);

function maxAbsDifference(actual: ArrayLike<number>, expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

describe.each(['ddpm-unet', 'ncsn-mlp'])('the stored %s checkpoint (score-diffusion 0.1.0)', (name) => {
  const dir = new URL(`${name}/`, FIXTURES);
  const read = <T>(file: string): T => JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as T;

  it('loads, and reproduces the recorded samples, evaluation loss and next training step', async () => {
    const config = read<DiffusionConfigInput & { modelType: string }>('config.json');
    const expected = read<Expected>('expected.json');
    const model = config.modelType === 'ddpm' ? new DDPM(config) : new NCSN(config);
    try {
      const loaded = await loadCheckpoint(dir.pathname, model, { onWarning: (message) => expect.fail(message) });
      expect(loaded?.state).toEqual({ step: 3, epoch: 0, batchIndex: 3, seed: 1 });
      const batch = tf.tensor(expected.batch.values, expected.batch.shape);
      const sample = model.sample(1, expected.sample.options);
      const ddim = model.sample(1, expected.ddimSample.options);
      expect(maxAbsDifference(sample.dataSync(), expected.sample.values)).toBeLessThan(1e-5);
      expect(maxAbsDifference(ddim.dataSync(), expected.ddimSample.values)).toBeLessThan(1e-5);
      const evaluation = model.evaluateStep(batch, expected.evaluateLoss.context);
      expect(evaluation.loss.dataSync()[0]).toBeCloseTo(expected.evaluateLoss.value, 6);
      const training = model.trainStep(batch, expected.trainLoss.context);
      expect(training.loss.dataSync()[0]).toBeCloseTo(expected.trainLoss.value, 6);
      const weights = model.getWeights();
      expect(Object.keys(weights).sort()).toEqual(Object.keys(expected.weightSumsAfterTrainStep).sort());
      for (const [key, sum] of Object.entries(expected.weightSumsAfterTrainStep)) {
        const actual = tf.tidy(() => tf.sum(weights[key]).dataSync()[0]);
        expect(Math.abs(actual - sum), key).toBeLessThan(1e-5 * Math.max(1, Math.abs(sum)));
      }
      tf.dispose([batch, sample, ddim, ...Object.values(evaluation), ...Object.values(training), ...Object.values(weights)]);
    } finally {
      model.dispose();
    }
  });
});
