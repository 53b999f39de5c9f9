/**
 * Checkpoints written by an earlier version (fixtures/, see write-fixtures.ts) still load into
 * today's models: the stored config.json builds the model (keys added since are filled by
 * defaults), every weight and optimizer slot keeps its name and shape, and the loaded model
 * gives the seeded sample, evaluation metrics and next training step recorded when the fixture
 * was written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { safetensorsToTensors } from '@genmodels/core-nn';
import { loadCheckpoint, readRunConfig } from '@genmodels/core-nn/node';
import { describe, expect, it } from 'vitest';
import { FIXTURE_MODELS } from './fixture-models.js';
import { measure, type FixtureRecord } from './fixture-record.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Relative tolerance of recorded values: op-order changes only on the reference cpu backend. */
function tolerance(): number {
  return tf.getBackend() === 'cpu' ? 1e-6 : 1e-3;
}

function expectClose(actual: number[], expected: number[], what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const tol = tolerance();
  const worst = actual.reduce((max, a, i) => Math.max(max, Math.abs(a - expected[i]) / Math.max(1, Math.abs(expected[i]))), 0);
  expect(worst, `${what}: largest relative difference from the recorded values`).toBeLessThanOrEqual(tol);
}

function expectCloseRecord(actual: Record<string, number>, expected: Record<string, number>, what: string): void {
  expect(Object.keys(actual).sort(), `${what}: keys`).toEqual(Object.keys(expected).sort());
  for (const key of Object.keys(expected)) expectClose([actual[key]], [expected[key]], `${what} ${key}`);
}

function bits(t: tf.Tensor): number[] {
  const values = t.dataSync();
  return values instanceof Float32Array ? Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length)) : Array.from(values);
}

describe('checkpoints written by an earlier version', () => {
  it('cover every fixture model, and every fixture directory has a model', () => {
    const dirs = fs.readdirSync(root).sort();
    expect(dirs).toEqual(FIXTURE_MODELS.map((m) => m.name).sort());
  });

  for (const spec of FIXTURE_MODELS) {
    it(`${spec.name}: loads, keeps every name and shape, and samples, evaluates and trains as recorded`, async () => {
      const runDir = path.join(root, spec.name);
      const expected = JSON.parse(fs.readFileSync(path.join(runDir, 'expected.json'), 'utf8')) as FixtureRecord;
      const stored = readRunConfig(runDir);
      const model = spec.create(stored);
      try {
        // Every stored key keeps its value; keys added since come from the defaults.
        const resolved = JSON.parse(JSON.stringify(model.config)) as Record<string, unknown>;
        for (const [key, value] of Object.entries(stored)) expect(resolved[key], `config key ${key}`).toEqual(value);

        const loaded = await loadCheckpoint(runDir, model, { onWarning: (message) => expect.fail(message) });
        expect(loaded?.state.step).toBe(expected.step);

        // The loaded weights are the stored ones, bit for bit.
        const file = fs.readFileSync(path.join(loaded!.path, 'weights.safetensors'));
        const storedWeights = safetensorsToTensors(new Uint8Array(file), 'weights.safetensors').tensors;
        const weights = model.getWeights();
        try {
          expect(Object.keys(weights).sort()).toEqual(Object.keys(expected.weights).sort());
          for (const [name, shape] of Object.entries(expected.weights)) {
            expect(weights[name].shape, name).toEqual(shape);
            expect(bits(weights[name]), name).toEqual(bits(storedWeights[name]));
          }
        } finally {
          tf.dispose([...Object.values(weights), ...Object.values(storedWeights)]);
        }

        const actual = measure(model, spec, expected.step);
        expect(actual.modelType).toBe(expected.modelType);
        expect(actual.weights).toEqual(expected.weights);
        expect(actual.optimizer).toEqual(expected.optimizer);
        expect(actual.sample.shape).toEqual(expected.sample.shape);
        expectClose(actual.sample.values, expected.sample.values, 'seeded sample');
        expectCloseRecord(actual.evaluate, expected.evaluate, 'evaluateStep');
        expectCloseRecord(actual.nextStep.metrics, expected.nextStep.metrics, 'next trainStep');
        expectCloseRecord(actual.nextStep.weightSums, expected.nextStep.weightSums, 'weight sum after the next step');
      } finally {
        model.dispose();
      }
    });
  }
});
