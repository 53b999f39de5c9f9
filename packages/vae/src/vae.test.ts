import * as tf from '@tensorflow/tfjs-core';
import { describeGenerativeModelConformance } from '@genmodels/core-nn/testing';
import { describe, expect, it } from 'vitest';
import { VAE } from './vae.js';

const tiny = (seed = 3) =>
  new VAE({ inputShape: [4, 4, 1], latentDim: 2, encoderUnits: [12], decoderUnits: [12], seed });

function binaryBatch(seed: number, n = 8): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([n, 4, 4, 1], 0, 1, 'float32', seed), 0.5), 'float32'));
}

describeGenerativeModelConformance('VAE (Bernoulli)', {
  createModel: (seed) => tiny(seed),
  makeBatch: (seed) => binaryBatch(seed),
  disposeBatch: (batch) => batch.dispose(),
});

describeGenerativeModelConformance('VAE (Gaussian, learned variance)', {
  createModel: (seed) =>
    new VAE({ inputShape: [2], latentDim: 2, encoderUnits: [16], decoderUnits: [16], observationModel: 'gaussian', seed }),
  makeBatch: (seed) => tf.randomNormal([16, 2], 0, 1, 'float32', seed),
  disposeBatch: (batch) => batch.dispose(),
});

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

  it('the IWAE bound lies between the ELBO and log p(x) and tightens with K', async () => {
    const vae = closedFormVAE(m, lv, b);
    const x = tf.tensor2d([[1, 1, 0]]);
    const exact = logPx([1, 1, 0]);
    const estimates: number[] = [];
    for (const k of [1, 10, 1200]) {
      const bound = vae.elbo(x, { numImportanceSamples: k, seed: 11 });
      estimates.push((await bound.data())[0]);
      bound.dispose();
    }
    expect(estimates[0]).toBeCloseTo(exact - kl, 4);
    expect(estimates[1]).toBeGreaterThan(estimates[0]);
    expect(estimates[2]).toBeGreaterThan(estimates[1] - 0.01);
    expect(estimates[2]).toBeLessThanOrEqual(exact + 0.02);
    expect(exact - estimates[2]).toBeLessThan(0.03);
    tf.dispose(x);
    vae.dispose();
  });

  it('rejects a batch whose shape does not match the configured inputShape', () => {
    const vae = tiny();
    const wrong = tf.zeros([2, 5, 5, 1]);
    expect(() => vae.evaluateStep(wrong)).toThrow(/expected a batch shaped \[batch, 4, 4, 1\].*got \[2, 5, 5, 1\]/);
    wrong.dispose();
    vae.dispose();
  });

  it('samples, decodes and reconstructs images in [0, 1] with the configured shape', async () => {
    const vae = tiny();
    const samples = vae.sample(5, { seed: 9 });
    expect(samples.shape).toEqual([5, 4, 4, 1]);
    const values = await samples.data();
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    const binary = vae.sampleObservations(3, { seed: 9 });
    expect(new Set(await binary.data())).toEqual(new Set([0, 1]));
    const x = binaryBatch(4, 3);
    const recon = vae.reconstruct(x);
    expect(recon.shape).toEqual([3, 4, 4, 1]);
    tf.dispose([samples, binary, x, recon]);
    vae.dispose();
  });
});
