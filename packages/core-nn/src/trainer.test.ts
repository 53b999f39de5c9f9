import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Checkpoint } from './checkpoint-callback.js';
import { EarlyStopping } from './early-stopping.js';
import { History } from './history.js';
import { NonFiniteLossError } from './non-finite-loss-error.js';
import { NonFiniteWeightsError } from './non-finite-weights-error.js';
import { stepSeed } from './rng.js';
import { SampleMonitor } from './sample-monitor.js';
import { gaussianData, GaussianModel } from './test-utils/gaussian-model.js';
import { Trainer, type TrainerCallback } from './trainer.js';

const dirs: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-nn-trainer-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('Trainer', () => {
  it('calls callbacks in order and passes step contexts with derived seeds', async () => {
    const model = new GaussianModel({ dim: 2, seed: 3 });
    const events: string[] = [];
    const contexts: { step: number; epoch: number; seed: number }[] = [];
    const original = model.trainStep.bind(model);
    model.trainStep = (batch, context) => {
      contexts.push({ ...context });
      return original(batch, context);
    };
    const recorder: TrainerCallback = {
      onTrainBegin: () => void events.push('trainBegin'),
      onEpochBegin: (e) => void events.push(`epochBegin ${e}`),
      onBatchEnd: (logs, ctx) => void events.push(`batchEnd ${ctx.state.step}${logs ? ' log' : ''}`),
      onEpochEnd: (e) => void events.push(`epochEnd ${e}`),
      onTrainEnd: (ctx) => void events.push(`trainEnd ${ctx.reason}`),
    };
    const second: TrainerCallback = { onTrainBegin: () => void events.push('second trainBegin') };
    const trainer = new Trainer({ epochs: 2, logEvery: 2, seed: 77, callbacks: [recorder, second] });
    const result = await trainer.fit(model, gaussianData(2, 4, 3, 1));
    expect(events).toEqual([
      'trainBegin',
      'second trainBegin',
      'epochBegin 0',
      'batchEnd 1',
      'batchEnd 2 log',
      'batchEnd 3',
      'epochEnd 0',
      'epochBegin 1',
      'batchEnd 4 log',
      'batchEnd 5',
      'batchEnd 6 log',
      'epochEnd 1',
      'trainEnd completed',
    ]);
    expect(result.state).toEqual({ step: 6, epoch: 2, batchIndex: 0, seed: 77 });
    expect(result.reason).toBe('completed');
    expect(contexts.map((c) => c.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(contexts.map((c) => c.epoch)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(contexts.map((c) => c.seed)).toEqual([0, 1, 2, 3, 4, 5].map((s) => stepSeed(77, s)));
    model.dispose();
  });

  it('reads metrics back only on log steps (one device read per log step) and logs window means', async () => {
    const model = new GaussianModel({ dim: 2, seed: 3 });
    const history = new History();
    const backend = tf.backend();
    const reads = vi.spyOn(backend, 'read');
    const readSyncs = vi.spyOn(backend, 'readSync');
    const trainer = new Trainer({ epochs: 1, logEvery: 5, seed: 5, callbacks: [history], batchSize: 4 });
    await trainer.fit(model, gaussianData(2, 4, 12, 2));
    expect(history.logs.map((l) => l.step)).toEqual([5, 10, 12]);
    expect(reads).toHaveBeenCalledTimes(3);
    // the cpu backend's read() delegates to readSync(); no other synchronous read happens
    expect(readSyncs).toHaveBeenCalledTimes(3);
    for (const log of history.logs) {
      expect(Object.keys(log.metrics).sort()).toEqual(['grad/norm', 'loss', 'nll']);
      expect(Number.isFinite(log.metrics.loss)).toBe(true);
      expect(log.samplesPerSecond).toBeGreaterThan(0);
    }
    model.dispose();
  });

  it('stops at maxSteps, counting steps across a resumed state', async () => {
    const model = new GaussianModel({ dim: 2, seed: 3 });
    const history = new History();
    const trainer = new Trainer({ epochs: 10, maxSteps: 7, logEvery: 100, seed: 5, callbacks: [history] });
    const result = await trainer.fit(model, gaussianData(2, 4, 3, 2), { initialState: { step: 4, epoch: 1, batchIndex: 1, seed: 5 } });
    expect(result.reason).toBe('max-steps');
    expect(result.state).toEqual({ step: 7, epoch: 2, batchIndex: 1, seed: 5 });
    expect(history.logs.map((l) => l.step)).toEqual([7]);
    model.dispose();
  });

  it('stop() finishes the current step, logs, and runs onTrainEnd (so Checkpoint saves)', async () => {
    const runDir = tmpDir();
    const model = new GaussianModel({ dim: 2, seed: 3 });
    const history = new History();
    const stopper: TrainerCallback = {
      onBatchEnd: (_logs, ctx) => {
        if (ctx.state.step === 3) setImmediate(() => trainer.stop());
      },
    };
    const checkpoint = new Checkpoint({ runDir, everySteps: 100 });
    const trainer = new Trainer({ epochs: 5, logEvery: 100, seed: 5, callbacks: [stopper, history, checkpoint] });
    const result = await trainer.fit(model, gaussianData(2, 4, 10, 2));
    expect(result.reason).toBe('stopped');
    expect(result.state.step).toBe(4);
    expect(history.logs.map((l) => l.step)).toEqual([4]);
    expect(fs.existsSync(path.join(runDir, 'checkpoints', 'step-4', 'weights.safetensors'))).toBe(true);
    expect(trainer.lastCheckpointPath).toBe(path.join(runDir, 'checkpoints', 'step-4'));
    model.dispose();
  });

  it('throws NonFiniteLossError naming the exact step and the last good checkpoint', async () => {
    const runDir = tmpDir();
    const model = new GaussianModel({ dim: 2, seed: 3 });
    model.lossOverride = (step) => (step === 6 ? Number.NaN : undefined);
    const trainer = new Trainer({ epochs: 1, logEvery: 4, seed: 5, callbacks: [new Checkpoint({ runDir, everySteps: 3 })] });
    const error = await trainer.fit(model, gaussianData(2, 4, 20, 2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    const nonFinite = error as NonFiniteLossError;
    expect(nonFinite.step).toBe(6);
    expect(nonFinite.lastCheckpoint).toBe(path.join(runDir, 'checkpoints', 'step-6'));
    expect(nonFinite.message).toMatch(/at step 6/);
    expect(nonFinite.message).toContain(path.join(runDir, 'checkpoints', 'step-6'));
    // the checkpoint after the bad step (step-7 would hold it) was never written
    expect(fs.readdirSync(path.join(runDir, 'checkpoints')).filter((d) => d.startsWith('step-'))).toEqual(['step-3', 'step-6']);
    model.dispose();
  });

  it('checks every loss a step reports (a GAN player\'s g/loss too) in the log read, with no read per step', async () => {
    const model = new GaussianModel({ dim: 2, seed: 3 });
    const original = model.trainStep.bind(model);
    // A second player whose loss turns NaN at step 7 while 'loss' stays finite (as in a GAN).
    model.trainStep = (batch, context) => {
      const metrics = original(batch, context);
      return { ...metrics, 'g/loss': tf.scalar(context.step === 7 ? Number.NaN : 1) };
    };
    const backend = tf.backend();
    const reads = vi.spyOn(backend, 'read');
    const history = new History();
    const trainer = new Trainer({ epochs: 1, logEvery: 5, seed: 5, callbacks: [history] });
    const error = await trainer.fit(model, gaussianData(2, 4, 20, 2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    const nonFinite = error as NonFiniteLossError;
    expect(nonFinite).toMatchObject({ step: 7, metric: 'g/loss' });
    expect(nonFinite.message).toMatch(/^non-finite g\/loss \(NaN\) at step 7; training stopped/);
    // steps 0-4 logged, then the window 5-9 read once at step 10, where the NaN of step 7 is found
    expect(history.logs.map((l) => l.step)).toEqual([5]);
    expect(reads).toHaveBeenCalledTimes(2);
    model.dispose();
  });

  it('a finite loss with an overflowing update is never checkpointed: the older checkpoints stay newest', async () => {
    const runDir = tmpDir();
    const model = new GaussianModel({ dim: 2, seed: 3 });
    const original = model.trainStep.bind(model);
    // Step 5's update (the last before the step-6 save) writes Inf into mu, but every reported loss is finite.
    model.trainStep = (batch, context) => {
      const metrics = original(batch, context);
      if (context.step === 5) model.params.get('mu').assign(tf.fill([2], Number.POSITIVE_INFINITY));
      return metrics;
    };
    const trainer = new Trainer({ epochs: 1, logEvery: 100, seed: 5, callbacks: [new Checkpoint({ runDir, everySteps: 3 })] });
    const error = await trainer.fit(model, gaussianData(2, 4, 20, 2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteWeightsError);
    expect(error).toMatchObject({ step: 6, tensorName: 'gaussian/mu', lastCheckpoint: path.join(runDir, 'checkpoints', 'step-3') });
    expect(fs.readdirSync(path.join(runDir, 'checkpoints')).sort()).toEqual(['latest', 'step-3']);
    expect(fs.readFileSync(path.join(runDir, 'checkpoints', 'latest'), 'utf8').trim()).toBe('step-3');
    model.dispose();
  });

  it('EarlyStopping stops after `patience` log steps without improvement', async () => {
    const model = new GaussianModel({ dim: 2, seed: 3 });
    // loss: 5, 4, then flat at 4.5 -> best 4 at the 2nd log, stop after 2 more logs
    const values = [5, 4, 4.5, 4.5, 4.5, 4.5];
    model.lossOverride = (step) => values[Math.min(step, values.length - 1)];
    const early = new EarlyStopping({ patience: 2, minDelta: 0.1 });
    const history = new History();
    const trainer = new Trainer({ epochs: 1, logEvery: 1, seed: 5, callbacks: [history, early] });
    const result = await trainer.fit(model, gaussianData(2, 4, 50, 2));
    expect(result.reason).toBe('early-stopping');
    expect(result.state.step).toBe(4);
    expect(early.bestValue).toBe(4);
    model.dispose();
  });

  it('SampleMonitor draws identical samples from a fixed seed and disposes them', async () => {
    const model = new GaussianModel({ dim: 3, seed: 3 });
    const seen: { step: number; values: number[] }[] = [];
    const monitor = new SampleMonitor({
      everySteps: 2,
      numSamples: 4,
      seed: 99,
      write: async (samples, step) => {
        expect(samples.shape).toEqual([4, 3]);
        seen.push({ step, values: Array.from(await samples.data()) });
      },
    });
    const trainer = new Trainer({ epochs: 1, logEvery: 10, seed: 5, callbacks: [monitor] });
    await trainer.fit(model, gaussianData(3, 4, 4, 2));
    expect(seen.map((s) => s.step)).toEqual([2, 4]);
    const expected = model.sample(4, { seed: 99 });
    expect(seen[1].values).toEqual(Array.from(expected.dataSync()));
    expected.dispose();
    model.dispose();
  });

  it('validates its options', () => {
    expect(() => new Trainer({ epochs: 1, seed: 0 })).toThrow(/non-zero integer/);
    expect(() => new Trainer({ epochs: 1, seed: 1, logEvery: 0 })).toThrow(/logEvery/);
  });
});
