import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Checkpoint } from './checkpoint-callback.js';
import { listCheckpoints, loadCheckpoint, removeIncompleteCheckpoints, saveCheckpoint } from './checkpoint-store.js';
import type * as FsAtomic from './fs-atomic.js';
import { NonFiniteWeightsError } from './non-finite-weights-error.js';
import { readRunConfig, writeRunConfig } from './run-config.js';
import { gaussianData, GaussianModel } from './test-utils/gaussian-model.js';
import { Trainer } from './trainer.js';

// A full disk on demand: writeFileSynced fails with ENOSPC once `fault.bytesLeft` is spent.
const fault = vi.hoisted(() => ({ bytesLeft: Number.POSITIVE_INFINITY }));
vi.mock('./fs-atomic.js', async (importOriginal) => {
  const actual = await importOriginal<typeof FsAtomic>();
  return {
    ...actual,
    writeFileSynced: async (file: string, data: Uint8Array | string) => {
      const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
      if (size > fault.bytesLeft) {
        await actual.writeFileSynced(file, typeof data === 'string' ? data.slice(0, fault.bytesLeft) : data.subarray(0, fault.bytesLeft));
        fault.bytesLeft = 0;
        throw Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), { code: 'ENOSPC' });
      }
      fault.bytesLeft -= size;
      return actual.writeFileSynced(file, data);
    },
  };
});

const dirs: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-nn-ckpt-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  fault.bytesLeft = Number.POSITIVE_INFINITY;
});

function weightBits(model: GaussianModel): Record<string, number[]> {
  const w = model.getWeights();
  const out: Record<string, number[]> = {};
  for (const [k, t] of Object.entries(w)) out[k] = Array.from(new Uint32Array(new Float32Array(t.dataSync()).buffer));
  tf.dispose(Object.values(w));
  return out;
}

describe('checkpoints', () => {
  it('writes the documented layout, a manifest with sizes and sha256, and latest', async () => {
    const runDir = tmpDir();
    const model = new GaussianModel({ dim: 3, seed: 1 });
    const dir = await saveCheckpoint(runDir, { model, state: { step: 12, epoch: 1, batchIndex: 2, seed: 9 }, extraState: { note: 'x' } });
    expect(dir).toBe(path.join(runDir, 'checkpoints', 'step-12'));
    expect(fs.readdirSync(dir).sort()).toEqual(['manifest.json', 'optimizer.safetensors', 'state.json', 'weights.safetensors']);
    expect(fs.readFileSync(path.join(runDir, 'checkpoints', 'latest'), 'utf8').trim()).toBe('step-12');
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: Record<string, { bytes: number; sha256: string }> };
    expect(manifest.files['weights.safetensors'].bytes).toBe(fs.statSync(path.join(dir, 'weights.safetensors')).size);
    expect(manifest.files['state.json'].sha256).toMatch(/^[0-9a-f]{64}$/);
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as Record<string, unknown>;
    expect(state).toMatchObject({ step: 12, epoch: 1, batchIndex: 2, seed: 9, modelType: 'toy-gaussian', extraState: { note: 'x' } });
    expect((state.versions as Record<string, string>)['@tensorflow/tfjs-core']).toBe(tf.version_core);
    model.dispose();
  });

  it('keeps only the newest `keep` checkpoints and ignores a leftover .partial directory', async () => {
    const runDir = tmpDir();
    const model = new GaussianModel({ dim: 2, seed: 1 });
    for (const step of [1, 2, 3, 4]) await saveCheckpoint(runDir, { model, state: { step, epoch: 0, batchIndex: step, seed: 9 }, keep: 2 });
    expect(listCheckpoints(runDir).map((c) => c.step)).toEqual([3, 4]);
    // a crash mid-save leaves step-9.partial: it is neither listed nor loaded
    const partial = path.join(runDir, 'checkpoints', 'step-9.partial');
    fs.mkdirSync(partial);
    fs.writeFileSync(path.join(partial, 'weights.safetensors'), 'garbage');
    expect(listCheckpoints(runDir).map((c) => c.step)).toEqual([3, 4]);
    const fresh = new GaussianModel({ dim: 2, seed: 2 });
    const loaded = await loadCheckpoint(runDir, fresh, { onWarning: (m) => expect.fail(`unexpected warning ${m}`) });
    expect(loaded?.state.step).toBe(4);
    model.dispose();
    fresh.dispose();
  });

  it('restores weights and the trainer state; returns null for a run without checkpoints', async () => {
    const runDir = tmpDir();
    const model = new GaussianModel({ dim: 2, seed: 1 });
    expect(await loadCheckpoint(runDir, model)).toBeNull();
    await new Trainer({ epochs: 1, logEvery: 2, seed: 3 }).fit(model, gaussianData(2, 4, 3, 1));
    await saveCheckpoint(runDir, { model, state: { step: 3, epoch: 1, batchIndex: 0, seed: 3 } });
    const fresh = new GaussianModel({ dim: 2, seed: 42 });
    const loaded = await loadCheckpoint(runDir, fresh);
    expect(loaded).toMatchObject({ state: { step: 3, epoch: 1, batchIndex: 0, seed: 3 }, path: path.join(runDir, 'checkpoints', 'step-3') });
    expect(weightBits(fresh)).toEqual(weightBits(model));
    model.dispose();
    fresh.dispose();
  });

  it('a flipped byte in the newest weights.safetensors: warns naming it and falls back to the previous checkpoint', async () => {
    const runDir = tmpDir();
    const model = new GaussianModel({ dim: 2, seed: 1 });
    const data = gaussianData(2, 4, 10, 1);
    await new Trainer({ epochs: 1, maxSteps: 2, seed: 3 }).fit(model, data);
    await saveCheckpoint(runDir, { model, state: { step: 2, epoch: 0, batchIndex: 2, seed: 3 } });
    const atStep2 = weightBits(model);
    await new Trainer({ epochs: 1, maxSteps: 4, seed: 3 }).fit(model, data, { initialState: { step: 2, epoch: 0, batchIndex: 2, seed: 3 } });
    const newest = await saveCheckpoint(runDir, { model, state: { step: 4, epoch: 0, batchIndex: 4, seed: 3 } });
    const file = path.join(newest, 'weights.safetensors');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 3] ^= 0x01;
    fs.writeFileSync(file, bytes);

    const warnings: string[] = [];
    const fresh = new GaussianModel({ dim: 2, seed: 5 });
    const loaded = await loadCheckpoint(runDir, fresh, { onWarning: (m) => warnings.push(m) });
    expect(loaded?.state.step).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(newest);
    expect(warnings[0]).toMatch(/weights\.safetensors has sha256 .* the manifest says/);
    expect(weightBits(fresh)).toEqual(atStep2);
    // nothing was deleted
    expect(fs.existsSync(file)).toBe(true);

    // when every checkpoint is damaged: a clear error listing them
    fs.rmSync(path.join(runDir, 'checkpoints', 'step-2', 'manifest.json'));
    await expect(loadCheckpoint(runDir, fresh, { onWarning: () => undefined })).rejects.toThrow(/every checkpoint .* is damaged[\s\S]*step-4[\s\S]*step-2.*manifest\.json is missing/);
    model.dispose();
    fresh.dispose();
  });

  it('a write that fails (a full disk) removes its .partial directory and leaves the older checkpoints and latest', async () => {
    const runDir = tmpDir();
    const model = new GaussianModel({ dim: 2, seed: 1 });
    await saveCheckpoint(runDir, { model, state: { step: 1, epoch: 0, batchIndex: 1, seed: 9 } });
    fault.bytesLeft = 40; // the next weights file does not fit
    await expect(saveCheckpoint(runDir, { model, state: { step: 2, epoch: 0, batchIndex: 2, seed: 9 } })).rejects.toThrow(/ENOSPC/);
    expect(fs.readdirSync(path.join(runDir, 'checkpoints')).sort()).toEqual(['latest', 'step-1']);
    expect(fs.readFileSync(path.join(runDir, 'checkpoints', 'latest'), 'utf8').trim()).toBe('step-1');
    fault.bytesLeft = Number.POSITIVE_INFINITY;
    const fresh = new GaussianModel({ dim: 2, seed: 5 });
    expect((await loadCheckpoint(runDir, fresh, { onWarning: (m) => expect.fail(m) }))?.state.step).toBe(1);
    model.dispose();
    fresh.dispose();
  });

  it('refuses to write non-finite weights, naming the tensor and the last good checkpoint', async () => {
    const runDir = tmpDir();
    const model = new GaussianModel({ dim: 2, seed: 1 });
    await saveCheckpoint(runDir, { model, state: { step: 1, epoch: 0, batchIndex: 1, seed: 9 } });
    const bad = tf.tensor1d([0, Number.NaN]);
    model.params.get('logStd').assign(bad);
    bad.dispose();
    const error = await saveCheckpoint(runDir, { model, state: { step: 2, epoch: 0, batchIndex: 2, seed: 9 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteWeightsError);
    expect((error as Error).message).toContain(`non-finite values in gaussian/logStd after step 2`);
    expect((error as Error).message).toContain(path.join(runDir, 'checkpoints', 'step-1'));
    expect(fs.readdirSync(path.join(runDir, 'checkpoints')).sort()).toEqual(['latest', 'step-1']);
    model.dispose();
  });

  it('removeIncompleteCheckpoints clears what a crash left and restores a copy moved aside', async () => {
    const runDir = tmpDir();
    const model = new GaussianModel({ dim: 2, seed: 1 });
    await saveCheckpoint(runDir, { model, state: { step: 1, epoch: 0, batchIndex: 1, seed: 9 } });
    await saveCheckpoint(runDir, { model, state: { step: 2, epoch: 0, batchIndex: 2, seed: 9 } });
    const dir = path.join(runDir, 'checkpoints');
    // killed mid-save: a partial directory, a temporary latest, and step-2 moved aside while step 2 was saved again
    fs.mkdirSync(path.join(dir, 'step-3.partial'));
    fs.writeFileSync(path.join(dir, 'step-3.partial', 'weights.safetensors'), 'half');
    fs.writeFileSync(path.join(dir, 'latest.tmp-123'), 'step-3');
    fs.renameSync(path.join(dir, 'step-2'), path.join(dir, 'step-2.old-123-456'));
    fs.cpSync(path.join(dir, 'step-1'), path.join(dir, 'step-1.old-123-789'), { recursive: true });
    const changed = await removeIncompleteCheckpoints(runDir);
    expect(changed.sort()).toEqual(['latest.tmp-123', 'step-1.old-123-789', 'step-2.old-123-456', 'step-3.partial']);
    expect(fs.readdirSync(dir).sort()).toEqual(['latest', 'step-1', 'step-2']);
    const fresh = new GaussianModel({ dim: 2, seed: 5 });
    expect((await loadCheckpoint(runDir, fresh, { onWarning: (m) => expect.fail(m) }))?.state.step).toBe(2);
    expect(await removeIncompleteCheckpoints(tmpDir())).toEqual([]);
    model.dispose();
    fresh.dispose();
  });

  it('the Checkpoint callback removes a leftover .partial directory when training starts', async () => {
    const runDir = tmpDir();
    fs.mkdirSync(path.join(runDir, 'checkpoints', 'step-4.partial'), { recursive: true });
    const model = new GaussianModel({ dim: 2, seed: 1 });
    await new Trainer({ epochs: 1, seed: 3, callbacks: [new Checkpoint({ runDir, everySteps: 100 })] }).fit(model, gaussianData(2, 4, 2, 1));
    expect(fs.readdirSync(path.join(runDir, 'checkpoints')).sort()).toEqual(['latest', 'step-2']);
    model.dispose();
  });

  it('kill-and-resume via checkpoints gives weights bit-identical to an uninterrupted run', async () => {
    const data = gaussianData(3, 4, 5, 7);
    const reference = new GaussianModel({ dim: 3, seed: 1 });
    await new Trainer({ epochs: 3, seed: 11 }).fit(reference, data);

    const runDir = tmpDir();
    const first = new GaussianModel({ dim: 3, seed: 1 });
    const killer = { onBatchEnd: (_l: unknown, ctx: { state: { step: number } }) => void (ctx.state.step === 7 && trainer.stop()) };
    const trainer = new Trainer({ epochs: 3, seed: 11, callbacks: [new Checkpoint({ runDir, everySteps: 4 }), killer] });
    await trainer.fit(first, data);
    first.dispose();

    const resumed = new GaussianModel({ dim: 3, seed: 999 });
    const loaded = await loadCheckpoint(runDir, resumed);
    expect(loaded?.state).toEqual({ step: 7, epoch: 1, batchIndex: 2, seed: 11 });
    await new Trainer({ epochs: 3, seed: 11 }).fit(resumed, data, { initialState: loaded!.state });
    expect(weightBits(resumed)).toEqual(weightBits(reference));
    reference.dispose();
    resumed.dispose();
  });
});

describe('run config', () => {
  it('writes and reads config.json; a clear error for a directory without one', () => {
    const runDir = tmpDir();
    expect(() => readRunConfig(runDir)).toThrow(`not a genmodels run directory (no config.json): ${runDir}`);
    writeRunConfig(runDir, { modelType: 'vae', latentDim: 2 });
    expect(readRunConfig(runDir)).toEqual({ modelType: 'vae', latentDim: 2 });
    expect(fs.readdirSync(runDir)).toEqual(['config.json']);
  });
});
