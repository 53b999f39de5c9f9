/**
 * What a fixture records about its model at fixture time, and how it is measured: the names and
 * shapes of every weight and optimizer slot, a seeded sample, the evaluation metrics on a seeded
 * batch, and the metrics and weight sums after one more training step (so the optimizer state
 * is exercised too). The test measures a model rebuilt from the fixture the same way.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GenerativeModel, StepContext, StepMetrics } from '@genmodels/core-nn';
import { stepSeed } from '@genmodels/core-nn';
import { FIXTURE_SEEDS, type FixtureModel } from './fixture-models.js';

export interface FixtureRecord {
  /** The commit whose code wrote the fixture, and when. */
  writtenBy: { commit: string; date: string };
  modelType: string;
  /** The step the checkpoint was saved at. */
  step: number;
  /** Shapes of every weight and optimizer slot, by name. */
  weights: Record<string, number[]>;
  optimizer: Record<string, number[]>;
  sample: { shape: number[]; values: number[] };
  evaluate: Record<string, number>;
  /** One training step after the checkpoint: its metrics and the sum of each weight afterwards. */
  nextStep: { metrics: Record<string, number>; weightSums: Record<string, number> };
}

export function stepContext(step: number): StepContext {
  return { step, epoch: 0, seed: stepSeed(FIXTURE_SEEDS.run, step) };
}

export function disposeBatch(batch: unknown): void {
  tf.dispose(batch as tf.TensorContainer);
}

function shapes(map: tf.NamedTensorMap): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const name of Object.keys(map).sort()) out[name] = [...map[name].shape];
  tf.dispose(Object.values(map));
  return out;
}

function scalars(metrics: StepMetrics): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.keys(metrics).sort()) out[name] = metrics[name].dataSync()[0];
  tf.dispose(Object.values(metrics));
  return out;
}

/** Measures `model`, which holds the checkpointed state of `spec` at `step`; takes one training step. */
export function measure(model: GenerativeModel<unknown>, spec: FixtureModel, step: number): Omit<FixtureRecord, 'writtenBy'> {
  const weights = shapes(model.getWeights());
  const optimizer = shapes(model.getOptimizerState());
  const sampled = model.sample(spec.numSamples, { seed: FIXTURE_SEEDS.sample });
  const sample = { shape: [...sampled.shape], values: Array.from(sampled.dataSync()) };
  sampled.dispose();
  const batch = spec.batch(FIXTURE_SEEDS.batch);
  try {
    const evaluate = scalars(model.evaluateStep(batch, stepContext(FIXTURE_SEEDS.evaluate)));
    const metrics = scalars(model.trainStep(batch, stepContext(step)));
    const after = model.getWeights();
    const weightSums: Record<string, number> = {};
    for (const name of Object.keys(after).sort()) weightSums[name] = Array.from(after[name].dataSync()).reduce((a, b) => a + b, 0);
    tf.dispose(Object.values(after));
    return { modelType: model.modelType, step, weights, optimizer, sample, evaluate, nextStep: { metrics, weightSums } };
  } finally {
    disposeBatch(batch);
  }
}
