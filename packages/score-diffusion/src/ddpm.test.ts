import { describeGenerativeModelConformance } from '@genmodels/core-nn/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { DDIMScheduler } from './ddim-scheduler.js';
import { DDPM } from './ddpm.js';
import { DDPM_DEFAULTS, type DiffusionConfigInput, NCSN_DEFAULTS, resolveDiffusionConfig } from './diffusion-config.js';
import { denoisePipeline } from './pipelines/denoise-pipeline.js';
import { interpolatePipeline } from './pipelines/interpolate-pipeline.js';
import { createSchedulerFromConfig } from './scheduler-from-config.js';
import { TINY_UNET, tinyImages } from './test-utils/tiny-models.js';

const create = (seed: number) =>
  new DDPM({ ...TINY_UNET, numTrainTimesteps: 50, numInferenceSteps: 4, boundTimesteps: 3, seed, optimizer: { learningRate: 3e-3 } });

describeGenerativeModelConformance('DDPM (tiny UNet, 8x8)', {
  createModel: create,
  makeBatch: (seed) => tinyImages(seed),
  createFromConfig: (config) => new DDPM(config as DiffusionConfigInput),
});

describe('DDPM', () => {
  it('samples with DDIM, Langevin and predictor-corrector by swapping the scheduler, with the same weights', () => {
    const model = create(3);
    try {
      const outputs = (['ddpm', 'ddim', 'langevin', 'pc'] as const).map((scheduler) =>
        model.sample(2, { seed: 4, scheduler, numInferenceSteps: 3, stepsPerLevel: 2 }),
      );
      for (const out of outputs) {
        expect(out.shape).toEqual([2, 8, 8, 1]);
        expect(Array.from(out.dataSync()).every(Number.isFinite)).toBe(true);
      }
      // different samplers give different samples from the same noise seed
      expect(Array.from(outputs[0].dataSync())).not.toEqual(Array.from(outputs[1].dataSync()));
      tf.dispose(outputs);
    } finally {
      model.dispose();
    }
  });

  it('records the trajectory through onStep, one frame per step', () => {
    const model = create(5);
    const frames: number[] = [];
    const out = model.sample(1, { seed: 2, scheduler: 'ddim', numInferenceSteps: 5, onStep: ({ index, sample }) => frames.push(index + 0 * sample.size) });
    expect(frames).toEqual([0, 1, 2, 3, 4]);
    out.dispose();
    model.dispose();
  });

  it('inpainting never changes known pixels, for every scheduler and with RePaint resampling', () => {
    const model = create(6);
    const x = tinyImages(9, 2);
    const mask = tf.tidy(() => tf.concat([tf.ones([1, 8, 4, 1]), tf.zeros([1, 8, 4, 1])], 2));
    try {
      for (const [scheduler, resampleSteps] of [['ddim', 1], ['ddpm', 2], ['langevin', 1], ['pc', 1]] as const) {
        const out = model.inpaint(x, mask, { seed: 3, scheduler, numInferenceSteps: 3, stepsPerLevel: 2, resampleSteps });
        const o = out.dataSync();
        const k = x.dataSync();
        let changedUnknown = 0;
        for (let i = 0; i < o.length; i++) {
          const column = Math.floor(i / 1) % 8;
          if (column < 4) expect(o[i], `${scheduler}: pixel ${i}`).toBe(k[i]);
          else if (o[i] !== k[i]) changedUnknown++;
        }
        expect(changedUnknown).toBeGreaterThan(0);
        out.dispose();
      }
    } finally {
      tf.dispose([x, mask]);
      model.dispose();
    }
  });

  it('denoisePipeline (Tweedie) returns the right shape and rejects a sigma outside the trained range', async () => {
    const model = create(7);
    const x = tinyImages(3, 2);
    const out = await denoisePipeline(model, x, 0.2);
    expect(out.shape).toEqual([2, 8, 8, 1]);
    out.dispose();
    await expect(denoisePipeline(model, x, 1e6)).rejects.toThrow(/outside the trained noise range/);
    x.dispose();
    model.dispose();
  });

  it('the variational bound is finite, positive in nats and reported by elbo as a negative number', () => {
    const model = create(8);
    const x = tinyImages(4, 2);
    const bound = model.elbo(x, { seed: 3 });
    const values = Array.from(bound.dataSync());
    expect(values).toHaveLength(2);
    for (const v of values) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeLessThan(0);
    }
    tf.dispose([x, bound]);
    model.dispose();
  });

  it('DDIM latents decode back to the images they encode, and interpolation keeps the endpoints close', async () => {
    const model = create(9);
    const x = tinyImages(6, 2);
    // round trip: with an untrained network the ODE is still invertible up to discretisation
    const z = model.encode(x, { numInferenceSteps: 50 });
    const back = model.decode(z, { numInferenceSteps: 50 });
    const swapped = tf.reverse(z, 0);
    const other = model.decode(swapped, { numInferenceSteps: 50 });
    const error = tf.tidy(() => tf.mean(tf.abs(tf.sub(back, x))).dataSync()[0]);
    const baseline = tf.tidy(() => tf.mean(tf.abs(tf.sub(other, x))).dataSync()[0]);
    expect(error).toBeLessThan(0.25 * baseline);
    const [a, b] = tf.split(x, 2, 0);
    const scheduler = createSchedulerFromConfig(model.config, { scheduler: 'ddim', eta: 0, clipSample: null, numInferenceSteps: 50 }) as DDIMScheduler;
    const path = await interpolatePipeline(model, scheduler, a, b, 3);
    expect(path.shape).toEqual([3, 8, 8, 1]);
    const ends = tf.tidy(() => [tf.mean(tf.abs(tf.sub(tf.slice(path, 0, 1), a))).dataSync()[0], tf.mean(tf.abs(tf.sub(tf.slice(path, 2, 1), b))).dataSync()[0]]);
    for (const e of ends) expect(e).toBeLessThan(0.25 * baseline);
    tf.dispose([x, z, swapped, back, other, a, b, path]);
    model.dispose();
  });

  it('rejects bad config keys with errors that name them', () => {
    expect(() => new DDPM({ ...TINY_UNET, channels: [8, 10] })).toThrow(/groups/);
    expect(() => new DDPM({ ...TINY_UNET, inputShape: [7, 7, 1] })).toThrow(/divisible/);
    expect(() => new DDPM({ ...TINY_UNET, scheduler: 'euler' as never })).toThrow(/scheduler/);
    expect(() => new DDPM({ ...TINY_UNET, betaSchedule: 'sqrt' as never })).toThrow(/betaSchedule/);
    // one strict schema: an unknown key names the allowed ones, a wrong type says what was given
    expect(() => new DDPM({ ...TINY_UNET, numTrainTimestep: 10 } as never)).toThrow(/unknown key "numTrainTimestep" \(did you mean "numTrainTimesteps"\?\); allowed keys: modelType, inputShape/);
    expect(() => new DDPM({ ...TINY_UNET, emaDecay: 'high' as never })).toThrow(/^DDPM config: emaDecay must be a number in \[0, 1\) or null, got "high"$/);
    expect(() => new DDPM({ ...TINY_UNET, betaStart: 0.5, betaEnd: 0.1 })).toThrow(/0 < betaStart <= betaEnd < 1/);
    expect(() => new DDPM({ modelType: 'ncsn' })).toThrow(/modelType must be 'ddpm'/);
  });

  it('config defaults: the bench-spec ddpm and ncsn tasks, a stored config parses to itself', () => {
    expect(DDPM_DEFAULTS).toMatchObject({ modelType: 'ddpm', scheduler: 'ddpm', numInferenceSteps: 1000, clipNorm: 1, emaDecay: 0.999, optimizer: { name: 'adam', learningRate: 2e-4, epsilon: 1e-8 } });
    expect(NCSN_DEFAULTS).toMatchObject({ modelType: 'ncsn', scheduler: 'langevin', numInferenceSteps: 10, optimizer: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999 } });
    // a partial optimizer merges with the type's defaults
    expect(resolveDiffusionConfig('ncsn', { optimizer: { beta1: 0.5 } }).optimizer).toEqual({ name: 'adam', learningRate: 1e-3, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 });
    const stored = JSON.parse(JSON.stringify(resolveDiffusionConfig('ddpm', { ...TINY_UNET, clipSample: null })));
    expect(resolveDiffusionConfig('ddpm', stored)).toEqual(stored);
  });
});

describe('class-conditional DDPM with classifier-free guidance', () => {
  it('trains on { x, labels } and samples per label with guidance', () => {
    const model = new DDPM({ ...TINY_UNET, numClasses: 3, numTrainTimesteps: 20, numInferenceSteps: 3, seed: 2 });
    const x = tinyImages(1, 4);
    const labels = tf.tensor1d([0, 1, 2, 1], 'int32');
    const metrics = model.trainStep({ x, labels }, { step: 0, epoch: 0, seed: 5 });
    expect(Number.isFinite(metrics.loss.dataSync()[0])).toBe(true);
    tf.dispose(Object.values(metrics));
    const a = model.sample(2, { seed: 1, labels: [0, 2], guidanceScale: 2 });
    const b = model.sample(2, { seed: 1, labels: [0, 2], guidanceScale: 0 });
    expect(a.shape).toEqual([2, 8, 8, 1]);
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(b.dataSync()));
    expect(() => model.sample(2, { labels: [0, 5] })).toThrow(/class indices/);
    expect(() => model.trainStep(x, { step: 1, epoch: 0, seed: 6 })).toThrow(/labels/);
    // labels as a plain list train like the int32 tensor; one valid class index per example is required
    const fromTensor = model.evaluateStep({ x, labels }, { step: 0, epoch: 0, seed: 7 });
    const fromList = model.evaluateStep({ x, labels: [0, 1, 2, 1] }, { step: 0, epoch: 0, seed: 7 });
    const otherLabels = model.evaluateStep({ x, labels: [2, 2, 0, 0] }, { step: 0, epoch: 0, seed: 7 });
    expect(fromList.loss.dataSync()[0]).toBe(fromTensor.loss.dataSync()[0]);
    expect(otherLabels.loss.dataSync()[0]).not.toBe(fromTensor.loss.dataSync()[0]);
    expect(() => model.evaluateStep({ x, labels: [0, 1] })).toThrow(/expected 4 labels/);
    expect(() => model.evaluateStep({ x, labels: [0, 1, 2, 3] })).toThrow(/class indices 0\.\.2/);
    tf.dispose([...Object.values(fromTensor), ...Object.values(fromList), ...Object.values(otherLabels)]);
    tf.dispose([x, labels, a, b]);
    model.dispose();
  });
});
