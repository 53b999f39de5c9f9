import * as tf from '@tensorflow/tfjs-core';
import { describeGenerativeModelConformance } from '@genmodels/core-nn/testing';
import { describe, expect, it } from 'vitest';
import { VAE } from './vae.js';
import type { VAEConfigInput } from './vae-config.js';

const tinyMlp = { inputShape: [4, 4, 1], latentDim: 2, encoderUnits: [12], decoderUnits: [12] } as const;
const tinyConv = { inputShape: [4, 4, 1], latentDim: 2, architecture: 'conv', convChannels: [4, 8], kernelSize: 3, encoderUnits: [], decoderUnits: [] } as const;
const tiny = (seed = 3) => new VAE({ ...tinyMlp, seed });

function binaryBatch(seed: number, n = 8): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([n, 4, 4, 1], 0, 1, 'float32', seed), 0.5), 'float32'));
}

function eightBitBatch(seed: number, n = 8): tf.Tensor {
  return tf.tidy(() => tf.div(tf.floor(tf.randomUniform([n, 4, 4, 1], 0, 256, 'float32', seed)), 255));
}

const variants: [string, VAEConfigInput, (seed: number) => tf.Tensor][] = [
  ['VAE (Bernoulli)', tinyMlp, binaryBatch],
  ['VAE (Gaussian, learned variance)', { inputShape: [2], latentDim: 2, encoderUnits: [16], decoderUnits: [16], observationModel: 'gaussian' }, (seed) => tf.randomNormal([16, 2], 0, 1, 'float32', seed)],
  ['VAE (Gaussian, fixed variance)', { ...tinyMlp, observationModel: 'gaussian', decoderVariance: 0.1 }, eightBitBatch],
  ['VAE (discretized logistic)', { ...tinyMlp, observationModel: 'discretized-logistic' }, eightBitBatch],
  ['conv-vae (Bernoulli)', { ...tinyConv, modelType: 'conv-vae' }, binaryBatch],
  ['conv-vae (discretized logistic)', { ...tinyConv, modelType: 'conv-vae', observationModel: 'discretized-logistic' }, eightBitBatch],
  ['IWAE (K = 4)', { ...tinyMlp, modelType: 'iwae', numImportanceSamples: 4 }, binaryBatch],
  ['beta-VAE with KL warm-up, denoising', { ...tinyMlp, beta: 2, klWarmup: { steps: 10, start: 0 }, denoising: { kind: 'salt-and-pepper', level: 0.2 } }, binaryBatch],
];

for (const [name, config, makeBatch] of variants) {
  describeGenerativeModelConformance(name, {
    createModel: (seed) => new VAE({ ...config, seed }),
    makeBatch: (seed) => makeBatch(seed),
    createFromConfig: (config) => new VAE(config as VAEConfigInput),
  });
}

/**
 * A VAE whose encoder ignores x (posterior N(m, exp(lv)) for every input) and whose decoder
 * ignores z (logits b). Then log p(x) = sum_i x_i b_i - softplus(b_i) exactly, the ELBO is
 * log p(x) - KL(q || p) exactly, and the IWAE bound tends to log p(x) as K grows.
 */
function closedFormVAE(m: number[], lv: number[], b: number[]): VAE {
  const vae = new VAE({ inputShape: [b.length], latentDim: m.length, encoderUnits: [3], decoderUnits: [3], seed: 5 });
  const weights = vae.getWeights();
  const replaced: tf.NamedTensorMap = {};
  for (const [name, value] of Object.entries(weights)) {
    if (name.endsWith('encoder/posterior/bias')) replaced[name] = tf.tensor1d([...m, ...lv]);
    else if (name.endsWith('decoder/output/bias')) replaced[name] = tf.tensor1d(b);
    else replaced[name] = tf.zerosLike(value);
  }
  vae.setWeights(replaced);
  tf.dispose([...Object.values(weights), ...Object.values(replaced)]);
  return vae;
}

async function meanOf(t: tf.Tensor): Promise<number> {
  const values = await t.data();
  t.dispose();
  return Array.from(values as Float32Array).reduce((a, v) => a + v, 0) / values.length;
}

describe('VAE ELBO', () => {
  const m = [0.3, -0.4];
  const lv = [-0.2, 0.1];
  const b = [1.5, -0.5, 0.25];
  const softplus = (v: number) => Math.log1p(Math.exp(v));
  const logPx = (x: number[]) => x.reduce((acc, xi, i) => acc + xi * b[i] - softplus(b[i]), 0);
  const kl = 0.5 * m.reduce((acc, mi, i) => acc + Math.exp(lv[i]) + mi * mi - 1 - lv[i], 0);

  it('equals log p(x) - KL in the closed-form case', async () => {
    const vae = closedFormVAE(m, lv, b);
    const x = tf.tensor2d([
      [1, 0, 1],
      [0, 0, 1],
    ]);
    const elbo = vae.elbo(x);
    const values = await elbo.data();
    expect(values[0]).toBeCloseTo(logPx([1, 0, 1]) - kl, 4);
    expect(values[1]).toBeCloseTo(logPx([0, 0, 1]) - kl, 4);
    tf.dispose([x, elbo]);
    vae.dispose();
  });

  it('the IWAE bound (averaged over 256 copies of x) improves on the ELBO and approaches log p(x) with K', async () => {
    const vae = closedFormVAE(m, lv, b);
    const x = tf.tidy(() => tf.tile(tf.tensor2d([[1, 1, 0]]), [256, 1]));
    const exact = logPx([1, 1, 0]);
    const estimates: number[] = [];
    for (const k of [1, 10, 1200]) estimates.push(await meanOf(vae.elbo(x, { numImportanceSamples: k, seed: 11 })));
    tf.dispose(x);
    vae.dispose();
    expect(estimates[0]).toBeCloseTo(exact - kl, 4);
    // K = 10: the expected gap is about Var(log w) / 2K = 0.014 nats; the mean of 256 estimates has a standard error near 0.01.
    expect(estimates[1]).toBeGreaterThan(estimates[0] + 0.08);
    expect(estimates[1]).toBeLessThan(exact + 0.04);
    expect(Math.abs(exact - estimates[2])).toBeLessThan(0.01);
  });

  it('rejects a batch whose shape does not match the configured inputShape', () => {
    const vae = tiny();
    const wrong = tf.zeros([2, 5, 5, 1]);
    try {
      expect(() => vae.evaluateStep(wrong)).toThrow(/expected a batch shaped \[batch, 4, 4, 1\].*got \[2, 5, 5, 1\]/);
    } finally {
      wrong.dispose();
      vae.dispose();
    }
  });

  it('refuses a cvae config (numClasses) and points to CVAE', () => {
    expect(() => new VAE({ ...tinyMlp, modelType: 'cvae' })).toThrow(/use new CVAE\(config\)/);
  });

  it('samples, decodes and reconstructs images in [0, 1] with the configured shape', async () => {
    const vae = tiny();
    const samples = vae.sample(5, { seed: 9 });
    const binary = vae.sampleObservations(3, { seed: 9 });
    const x = binaryBatch(4, 3);
    const recon = vae.reconstruct(x);
    const errors = vae.reconstructionError(x);
    try {
      expect(samples.shape).toEqual([5, 4, 4, 1]);
      const values = await samples.data();
      expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...values)).toBeLessThanOrEqual(1);
      expect(new Set(await binary.data())).toEqual(new Set([0, 1]));
      expect(recon.shape).toEqual([3, 4, 4, 1]);
      expect(errors.shape).toEqual([3, 4, 4, 1]);
      expect(Math.min(...(await errors.data()))).toBeGreaterThan(0);
    } finally {
      tf.dispose([samples, binary, x, recon, errors]);
      vae.dispose();
    }
  });

  it('discretized logistic samples lie on the 8-bit grid', async () => {
    const vae = new VAE({ ...tinyMlp, observationModel: 'discretized-logistic' });
    const draws = vae.sampleObservations(4, { seed: 3 });
    const values = await draws.data();
    draws.dispose();
    vae.dispose();
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      expect(Math.abs(v * 255 - Math.round(v * 255))).toBeLessThan(1e-3);
    }
    expect(vae.likelihood.discrete).toBe(true);
  });

  it('KL warm-up: the reported KL weight follows the schedule of the step', async () => {
    const vae = new VAE({ ...tinyMlp, beta: 2, klWarmup: { steps: 10, start: 0.5 } });
    const x = binaryBatch(1);
    const weights: number[] = [];
    for (const step of [0, 5, 10, 50]) {
      const metrics = vae.evaluateStep(x, { step, epoch: 0, seed: 7 });
      weights.push((await metrics['loss/kl-weight'].data())[0]);
      tf.dispose(Object.values(metrics));
    }
    tf.dispose(x);
    vae.dispose();
    expect(weights).toEqual([0.5, 1.25, 2, 2]);
  });

  it('inpainting keeps the known pixels and changes the unknown ones', async () => {
    const vae = tiny();
    const x = binaryBatch(5, 2);
    const mask = tf.tidy(() => tf.concat([tf.ones([2, 2, 4, 1]), tf.zeros([2, 2, 4, 1])], 1));
    const filled = vae.inpaint(x, mask, { numIterations: 3 });
    const [xv, mv, fv] = await Promise.all([x.data(), mask.data(), filled.data()]);
    tf.dispose([x, mask, filled]);
    vae.dispose();
    let changed = 0;
    for (let i = 0; i < xv.length; i++) {
      if (mv[i] === 1) expect(fv[i]).toBe(xv[i]);
      else if (fv[i] !== 0) changed++;
    }
    expect(changed).toBeGreaterThan(0);
  });
});
