// Writes the stored-checkpoint fixtures of src/checkpoint-fixture.test.ts: a tiny DDPM on 8x8 images
// (a 2-level UNet) and a tiny NCSN on 2-D points (the MLP), each trained three steps, saved with core-nn's
// saveCheckpoint (weights with the EMA, Adam slots, state, manifest) beside its config.json, and an
// expected.json of what that code produced: seeded samples, an evaluation loss, and after one more
// training step its loss and a sum per weight. The fixtures record a format that must keep loading:
// they were written once, before the model / pipeline split (score-diffusion 0.1.0); do not
// regenerate them to make a failing test pass.
//   node scripts/write-checkpoint-fixture.mjs [outDir]   (after pnpm build)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { saveCheckpoint } from '@genmodels/core-nn/node';
import { DDPM, NCSN } from '../dist/index.js';

const outDir = process.argv[2] ?? new URL('../test/fixtures/checkpoints', import.meta.url).pathname;

const FIXTURES = [
  {
    name: 'ddpm-unet',
    create: () =>
      new DDPM({ inputShape: [8, 8, 1], channels: [2, 4], groups: 2, sinusoidalDim: 4, embeddingDim: 4, emaDecay: 0.9, numTrainTimesteps: 20, numInferenceSteps: 4, seed: 5 }),
  },
  {
    name: 'ncsn-mlp',
    create: () =>
      new NCSN({ inputShape: [2], network: 'mlp', hiddenUnits: [8, 8], sinusoidalDim: 4, numLevels: 4, sigmaMax: 2, numInferenceSteps: 3, stepsPerLevel: 2, clipSample: null, emaDecay: 0.9, seed: 6 }),
  },
];

function batchOf(model, seed) {
  const shape = model.config.inputShape;
  return tf.tidy(() => (shape.length === 3 ? tf.image.resizeBilinear(tf.randomUniform([2, 2, 2, 1], -1, 1, 'float32', seed), [8, 8]) : tf.randomNormal([8, 2], 0, 1, 'float32', seed)));
}

const values = (t) => Array.from(t.dataSync());

await tf.setBackend('cpu');
for (const { name, create } of FIXTURES) {
  const dir = join(outDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const model = create();
  for (let step = 0; step < 3; step++) {
    const batch = batchOf(model, 100 + step);
    tf.dispose(Object.values(model.trainStep(batch, { step, epoch: 0, seed: 1000 + step })));
    batch.dispose();
  }
  await saveCheckpoint(dir, { model, state: { step: 3, epoch: 0, batchIndex: 3, seed: 1 } });
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(model.config, null, 2)}\n`);
  const batch = batchOf(model, 200);
  const sample = model.sample(1, { seed: 9 });
  const ddim = model.sample(1, { seed: 9, scheduler: 'ddim', numInferenceSteps: 3 });
  const evaluation = model.evaluateStep(batch, { step: 3, epoch: 0, seed: 11 });
  const training = model.trainStep(batch, { step: 3, epoch: 0, seed: 13 });
  const weights = model.getWeights();
  const expected = {
    batch: { shape: batch.shape, values: values(batch) },
    sample: { options: { seed: 9 }, values: values(sample) },
    ddimSample: { options: { seed: 9, scheduler: 'ddim', numInferenceSteps: 3 }, values: values(ddim) },
    evaluateLoss: { context: { step: 3, epoch: 0, seed: 11 }, value: evaluation.loss.dataSync()[0] },
    trainLoss: { context: { step: 3, epoch: 0, seed: 13 }, value: training.loss.dataSync()[0] },
    weightSumsAfterTrainStep: Object.fromEntries(Object.entries(weights).map(([key, w]) => [key, tf.tidy(() => tf.sum(w).dataSync()[0])])),
  };
  writeFileSync(join(dir, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
  tf.dispose([batch, sample, ddim, ...Object.values(evaluation), ...Object.values(training), ...Object.values(weights)]);
  model.dispose();
  console.log(`wrote ${dir}`);
}
