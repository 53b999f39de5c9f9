import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { saveCheckpoint } from './checkpoint-store.js';
import { loadWeightsFromBytes } from './load-weights-from-bytes.js';
import { tensorsToSafetensors } from './safetensors.js';
import { sha256Hex } from './sha256-hex.js';
import { GaussianModel } from './test-utils/gaussian-model.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function weightValues(model: GaussianModel): Record<string, number[]> {
  const w = model.getWeights();
  const out: Record<string, number[]> = {};
  for (const [k, t] of Object.entries(w)) out[k] = Array.from(t.dataSync());
  tf.dispose(Object.values(w));
  return out;
}

describe('sha256Hex', () => {
  it('agrees with node:crypto on the empty input, a short text and a megabyte of varied bytes', () => {
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 2654435761) >>> 24);
    for (const bytes of [new Uint8Array(0), new TextEncoder().encode('abc'), big]) {
      expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    // FIPS 180-4's first example, "abc"
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('loadWeightsFromBytes', () => {
  it("loads a checkpoint's weights.safetensors bytes, verified against its manifest, into a fresh model", async () => {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-nn-bytes-'));
    dirs.push(runDir);
    const trained = new GaussianModel({ dim: 3, seed: 1 });
    const dir = await saveCheckpoint(runDir, { model: trained, state: { step: 5, epoch: 0, batchIndex: 5, seed: 2 } });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: Record<string, { sha256: string }> };
    const bytes = new Uint8Array(fs.readFileSync(path.join(dir, 'weights.safetensors')));
    const fresh = new GaussianModel({ dim: 3, seed: 2 });
    expect(weightValues(fresh)).not.toEqual(weightValues(trained));
    loadWeightsFromBytes(fresh, bytes, { sha256: manifest.files['weights.safetensors'].sha256 });
    expect(weightValues(fresh)).toEqual(weightValues(trained));
    trained.dispose();
    fresh.dispose();
  });

  it('refuses bytes whose sha256 differs from the manifest, and leaves the weights as they were', async () => {
    const model = new GaussianModel({ dim: 2, seed: 1 });
    const other = new GaussianModel({ dim: 2, seed: 7 });
    const w = other.getWeights();
    const bytes = await tensorsToSafetensors(w, { format: 'genmodels', modelType: other.modelType });
    tf.dispose(Object.values(w));
    const good = sha256Hex(bytes);
    const before = weightValues(model);
    const damaged = bytes.slice();
    damaged[damaged.length - 1] ^= 1;
    expect(() => loadWeightsFromBytes(model, damaged, { sha256: good, sourceName: 'run/step-5/weights.safetensors' })).toThrow(
      /run\/step-5\/weights.safetensors has sha256 [0-9a-f]{64}, the manifest says/,
    );
    expect(weightValues(model)).toEqual(before);
    model.dispose();
    other.dispose();
  });

  it('refuses the weights of another model type and weights of the wrong shape, naming the source', async () => {
    const model = new GaussianModel({ dim: 2, seed: 1 });
    const bigger = new GaussianModel({ dim: 4, seed: 1 });
    const w = bigger.getWeights();
    const foreign = await tensorsToSafetensors(w, { format: 'genmodels', modelType: 'dcgan' });
    const misfit = await tensorsToSafetensors(w, { format: 'genmodels', modelType: 'toy-gaussian' });
    tf.dispose(Object.values(w));
    expect(() => loadWeightsFromBytes(model, foreign, { sourceName: 'a.safetensors' })).toThrow(/a.safetensors holds the weights of a "dcgan" model, not "toy-gaussian"/);
    expect(() => loadWeightsFromBytes(model, misfit, { sourceName: 'b.safetensors' })).toThrow(/b.safetensors does not fit this toy-gaussian model/);
    expect(() => loadWeightsFromBytes(model, new Uint8Array(3))).toThrow(/weights.safetensors: not a valid safetensors file/);
    model.dispose();
    bigger.dispose();
  });
});
