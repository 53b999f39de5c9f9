/**
 * Writes the checkpoint fixtures with the code of the current commit: for each fixture model, a
 * run directory fixtures/<name>/ with config.json (the resolved config) and one checkpoint
 * (weights.safetensors, optimizer.safetensors, state.json, manifest.json) after a few seeded
 * training steps, plus expected.json (see fixture-record.ts).
 *
 * The fixtures stand for checkpoints written by an earlier version: do not rewrite them when the
 * test fails. Run once, at the commit named in each expected.json:
 *   pnpm --filter @genmodels/checkpoint-fixtures write-fixtures
 */
import '@tensorflow/tfjs-backend-cpu';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { saveCheckpoint, writeRunConfig } from '@genmodels/core-nn/node';
import { FIXTURE_MODELS, FIXTURE_SEEDS } from './fixture-models.js';
import { disposeBatch, measure, stepContext, type FixtureRecord } from './fixture-record.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  for (const spec of FIXTURE_MODELS) {
    const runDir = path.join(root, spec.name);
    fs.rmSync(runDir, { recursive: true, force: true });
    const model = spec.create(spec.options);
    try {
      const batch = spec.batch(FIXTURE_SEEDS.batch);
      for (let step = 0; step < spec.trainSteps; step++) tf.dispose(Object.values(model.trainStep(batch, stepContext(step))));
      disposeBatch(batch);
      writeRunConfig(runDir, model.config as unknown as Record<string, unknown>);
      const state = { step: spec.trainSteps, epoch: 0, batchIndex: spec.trainSteps, seed: FIXTURE_SEEDS.run };
      await saveCheckpoint(runDir, { model, state });
      const record: FixtureRecord = { writtenBy: { commit, date: new Date().toISOString() }, ...measure(model, spec, spec.trainSteps) };
      // One line per entry: number lists stay on one line.
      const text = JSON.stringify(record, null, 1).replace(/\[\s+([-\d.e+,\s]*?)\s+\]/g, (_, list: string) => `[${list.replace(/\s+/g, ' ')}]`);
      fs.writeFileSync(path.join(runDir, 'expected.json'), `${text}\n`);
      console.log(`${spec.name}: ${Object.keys(record.weights).length} weights, ${Object.keys(record.optimizer).length} optimizer slots`);
    } finally {
      model.dispose();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
