import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createScheduler } from '../create-scheduler.js';
import { DDPM } from '../ddpm.js';
import { DDPM_PROCESS } from '../noise-process.js';
import { createSchedulerFromConfig } from '../scheduler-from-config.js';
import { exactMixtureModel } from '../test-utils/gaussian-mixture.js';
import { TINY_UNET } from '../test-utils/tiny-models.js';
import type { PipelineStep } from './pipeline-run.js';
import { runPipelineSync } from './pipeline-run.js';
import { samplePipeline, sampleSteps } from './sample-pipeline.js';

const GAUSSIAN = { means: [[0.5]], weights: [1], std: 0.3 };

function ddim(steps: number) {
  const scheduler = createScheduler('ddim', { process: DDPM_PROCESS });
  scheduler.setTimesteps(steps);
  return scheduler;
}

describe('the pipeline callback', () => {
  it('is called once per step, in order, with the scheduler timesteps, and sees the sample without a host read', async () => {
    const model = exactMixtureModel(DDPM_PROCESS, GAUSSIAN);
    const scheduler = ddim(7);
    const seen: { index: number; total: number; timestep: number; stage: string; shape: number[] }[] = [];
    const out = await samplePipeline(model, scheduler, 5, {
      seed: 3,
      onStep: (step) => {
        seen.push({ index: step.index, total: step.total, timestep: step.timestep, stage: step.stage, shape: step.sample.shape });
        expect(step.predOriginalSample.shape).toEqual([5, 1]);
      },
    });
    expect(seen.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(seen.map((s) => s.timestep)).toEqual([...scheduler.timesteps]);
    expect(model.timesteps).toEqual([...scheduler.timesteps]);
    expect(seen.every((s) => s.total === 7 && s.stage === 'sample' && s.shape.join() === '5,1')).toBe(true);
    out.dispose();
  });

  it('awaits an asynchronous callback, whose tensors stay valid until it settles', async () => {
    const frames: number[] = [];
    const out = await samplePipeline(exactMixtureModel(DDPM_PROCESS, GAUSSIAN), ddim(4), 2, {
      onStep: async (step) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        frames.push((await step.sample.data())[0]);
      },
    });
    expect(frames).toHaveLength(4);
    // the last frame is the result
    expect(frames[3]).toBe(out.dataSync()[0]);
    out.dispose();
  });

  it('gives the same samples synchronously (as model.sample runs it) and asynchronously', async () => {
    const a = runPipelineSync(sampleSteps(exactMixtureModel(DDPM_PROCESS, GAUSSIAN), ddim(6), 8, { seed: 4 }));
    const b = await samplePipeline(exactMixtureModel(DDPM_PROCESS, GAUSSIAN), ddim(6), 8, { seed: 4 });
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b]);
  });

  it('a synchronous run refuses an asynchronous callback, without leaking', () => {
    expect(() => runPipelineSync(sampleSteps(exactMixtureModel(DDPM_PROCESS, GAUSSIAN), ddim(3), 2), { onStep: async () => undefined })).toThrow(/asynchronous/);
  });
});

describe('cancellation', () => {
  it('an abort from the callback stops the pipeline before the next step, disposing everything', async () => {
    const model = exactMixtureModel(DDPM_PROCESS, GAUSSIAN);
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const run = samplePipeline(model, ddim(50), 16, {
      signal: controller.signal,
      onStep: ({ index }) => {
        if (index === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(model.calls).toBe(4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an abort from elsewhere (another task) stops it at the next step boundary', async () => {
    const model = exactMixtureModel(DDPM_PROCESS, GAUSSIAN);
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const run = samplePipeline(model, ddim(50), 16, {
      signal: controller.signal,
      onStep: ({ index }) => {
        if (index === 9) setImmediate(() => controller.abort(new Error('stopped by the user')));
      },
    });
    await expect(run).rejects.toThrow('stopped by the user');
    expect(model.calls).toBe(10);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an aborted signal runs no step; a throwing callback stops the pipeline too, without leaks', async () => {
    const model = exactMixtureModel(DDPM_PROCESS, GAUSSIAN);
    await expect(samplePipeline(model, ddim(5), 4, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(model.calls).toBe(0);
    const before = tf.memory().numTensors;
    await expect(
      samplePipeline(model, ddim(5), 4, {
        onStep: ({ index }) => {
          if (index === 1) throw new Error('callback failed');
        },
      }),
    ).rejects.toThrow('callback failed');
    expect(model.calls).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('aborting a real model mid-run leaves its weights and tensor count as they were', async () => {
    const model = new DDPM({ ...TINY_UNET, numTrainTimesteps: 20, seed: 2 });
    try {
      const weights = model.getWeights();
      const before = tf.memory().numTensors;
      const controller = new AbortController();
      const steps: PipelineStep['index'][] = [];
      const run = samplePipeline(model, createSchedulerFromConfig(model.config, { scheduler: 'ddpm' }), 2, {
        signal: controller.signal,
        onStep: ({ index }) => {
          steps.push(index);
          if (index === 2) controller.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      expect(steps).toEqual([0, 1, 2]);
      expect(tf.memory().numTensors).toBe(before);
      // the live weights are back in place (the EMA is swapped in per denoiser call only)
      const after = model.getWeights();
      for (const key of Object.keys(weights)) expect(Array.from(after[key].dataSync()), key).toEqual(Array.from(weights[key].dataSync()));
      tf.dispose([...Object.values(weights), ...Object.values(after)]);
    } finally {
      model.dispose();
    }
  });
});

describe('scheduler checks', () => {
  it('refuses a scheduler for another noise process or prediction target', () => {
    const model = exactMixtureModel(DDPM_PROCESS, GAUSSIAN);
    const other = createScheduler('ddim', { process: { ...DDPM_PROCESS, betaSchedule: 'cosine' } });
    expect(() => runPipelineSync(sampleSteps(model, other, 2))).toThrow(/different noise process/);
    const v = createScheduler('ddim', { process: DDPM_PROCESS, predictionType: 'v' });
    expect(() => runPipelineSync(sampleSteps(model, v, 2))).toThrow(/predicts 'epsilon'/);
  });
});
