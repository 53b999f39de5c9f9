import { isBoundModel, isLikelihoodModel, stepSeed, type GenerativeModel } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { FAMILY_CASES, type FamilyCase } from './family-models.js';

interface Run {
  initialWeights: Record<string, Float32Array>;
  evaluation: Record<string, number>;
  likelihood: Float32Array | undefined;
  samples: Float32Array;
  losses: number[];
  trainedWeights: Record<string, Float32Array>;
}

const TRAIN_STEPS = 5;

function readMap(map: tf.NamedTensorMap): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [name, t] of Object.entries(map)) out[name] = Float32Array.from(t.dataSync());
  tf.dispose(Object.values(map));
  return out;
}

function inputsOf(batch: unknown): tf.Tensor {
  return batch instanceof tf.Tensor ? batch : (batch as { x: tf.Tensor }).x;
}

/** Everything the comparison looks at, computed on `backend` from the same seeds. */
async function runOn(backend: string, c: FamilyCase): Promise<Run> {
  await tf.setBackend(backend);
  const model: GenerativeModel<unknown> = c.create(7);
  const batch = c.batch(3);
  try {
    const initialWeights = readMap(model.getWeights());
    const metrics = model.evaluateStep(batch, { step: 0, epoch: 0, seed: stepSeed(1, 0) });
    const evaluation = Object.fromEntries(Object.entries(metrics).map(([k, t]) => [k, t.dataSync()[0]!]));
    tf.dispose(Object.values(metrics));
    let likelihood: Float32Array | undefined;
    if (isLikelihoodModel(model) && batch instanceof tf.Tensor) likelihood = tf.tidy(() => Float32Array.from(model.logProb(inputsOf(batch)).dataSync()));
    else if (isBoundModel(model)) likelihood = tf.tidy(() => Float32Array.from(model.elbo(inputsOf(batch), { seed: 5 }).dataSync()));
    const conditional = 'numClasses' in model && typeof model.numClasses === 'number' && model.numClasses > 0;
    const labels = conditional ? tf.tensor1d([0, 1, 2, 0], 'int32') : undefined;
    const sample = model.sample(4, { seed: 11, ...(labels !== undefined ? { labels } : {}) });
    const samples = Float32Array.from(sample.dataSync());
    tf.dispose([sample, labels]);
    const losses: number[] = [];
    for (let step = 0; step < TRAIN_STEPS; step++) {
      const m = model.trainStep(batch, { step, epoch: 0, seed: stepSeed(1, step) });
      losses.push(m.loss!.dataSync()[0]!);
      tf.dispose(Object.values(m));
    }
    return { initialWeights, evaluation, likelihood, samples, losses, trainedWeights: readMap(model.getWeights()) };
  } finally {
    tf.dispose(batch as tf.TensorContainer);
    model.dispose();
    await tf.setBackend('webgpu');
  }
}

/** max |a - b| / max(max |b|, 1e-6) over a tensor (the backend kernel suite's measure). */
function relative(actual: Float32Array, expected: Float32Array): number {
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!);
    if (!(d <= diff)) diff = d;
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return actual.length === expected.length ? diff / scale : Number.POSITIVE_INFINITY;
}

/** Cosine similarity of the two runs' weight updates (trained - initial), all weights as one vector. */
function updateCosine(expected: Run, actual: Run): number {
  let dot = 0;
  let ee = 0;
  let aa = 0;
  for (const [name, trained] of Object.entries(expected.trainedWeights)) {
    const initial = expected.initialWeights[name]!;
    const other = actual.trainedWeights[name]!;
    for (let i = 0; i < trained.length; i++) {
      const e = trained[i]! - initial[i]!;
      const a = other[i]! - initial[i]!;
      dot += e * a;
      ee += e * e;
      aa += a * a;
    }
  }
  return dot / Math.sqrt(ee * aa);
}

const scalarRelative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1);

/**
 * Tolerances (float32 on both sides; webgpu sums in other orders and uses the GPU's exp/log):
 * - weights at initialisation: drawn on the host from the seed, so bit-identical (0);
 * - forward metrics and log-likelihood / bound: 1e-4, the kernel suite's bound for one pass (observed
 *   about 1e-6);
 * - seeded samples: 1e-3, since sampling chains many passes (DDPM's four denoising steps, Glow's
 *   inverse); Bernoulli pixels may flip where p equals u to rounding, so 98% must agree there;
 * - five training steps: losses 1e-3, and the weight updates (all weights as one vector) must point
 *   the same way, cosine > 0.9999. Weights are not compared one by one: Adam divides each gradient
 *   by its running RMS, so a near-zero gradient component whose sign differs by rounding moves its
 *   weight by the learning rate either way (Glow's zero-initialised coupling outputs differ by 78%
 *   relative after five steps while the update cosine is 0.9999993); a wrong gradient (the stock
 *   AddN's) turns the updates and the losses far more.
 */
describe.each(FAMILY_CASES.map((c) => [`${c.family}: ${c.model}`, c] as const))('%s on webgpu matches the cpu backend', (_, c) => {
  it('initial weights, forward metrics, likelihood, seeded samples and five training steps', async () => {
    const expected = await runOn('cpu', c);
    const actual = await runOn('webgpu', c);
    for (const [name, w] of Object.entries(expected.initialWeights)) expect(relative(actual.initialWeights[name]!, w), `initial ${name}`).toBe(0);
    for (const [key, v] of Object.entries(expected.evaluation)) expect(scalarRelative(actual.evaluation[key]!, v), `evaluateStep ${key}: ${actual.evaluation[key]} vs ${v}`).toBeLessThan(1e-4);
    if (expected.likelihood !== undefined) expect(relative(actual.likelihood!, expected.likelihood), 'log-likelihood / bound').toBeLessThan(1e-4);
    if (c.discreteSamples) {
      const agree = expected.samples.filter((v, i) => v === actual.samples[i]).length / expected.samples.length;
      expect(agree, 'fraction of equal sampled pixels').toBeGreaterThanOrEqual(0.98);
    } else {
      expect(relative(actual.samples, expected.samples), 'seeded samples').toBeLessThan(1e-3);
    }
    expected.losses.forEach((loss, step) => expect(scalarRelative(actual.losses[step]!, loss), `loss at step ${step}: ${actual.losses[step]} vs ${loss}`).toBeLessThan(1e-3));
    const observed = {
      forward: Math.max(...Object.entries(expected.evaluation).map(([k, v]) => scalarRelative(actual.evaluation[k]!, v))),
      likelihood: expected.likelihood === undefined ? undefined : relative(actual.likelihood!, expected.likelihood),
      losses: Math.max(...expected.losses.map((loss, step) => scalarRelative(actual.losses[step]!, loss))),
      updateCosine: updateCosine(expected, actual),
    };
    console.log(`${c.family} (${c.model}) webgpu vs cpu:`, JSON.stringify(observed));
    expect(observed.updateCosine, 'cosine between the weight updates of five steps on webgpu and on cpu').toBeGreaterThan(0.9999);
  });
});
