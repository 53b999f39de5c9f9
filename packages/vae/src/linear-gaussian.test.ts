/**
 * A linear Gaussian VAE (probabilistic PCA, Tipping & Bishop 1999): p(z) = N(0, I),
 * p(x|z) = N(Wz + c, s2 I), so log p(x) = log N(x; c, W W^T + s2 I) exactly. With a deliberately
 * imperfect linear encoder the ELBO lies strictly below log p(x), and the IWAE bound lies between
 * the two and approaches log p(x) as K grows (Burda et al. 2016, theorem 1).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { VAE } from './vae.js';

const W = [
  [1.0, 0.5, -0.3],
  [-0.4, 0.8, 0.6],
]; // [latent 2, data 3]
const c = [0.2, -0.1, 0.4];
const s2 = 0.3;
const x0 = [1.2, -0.7, 0.9];

/** log N(x; c, W^T W + s2 I) for the 3x3 covariance, by Cholesky. */
function exactLogPx(x: number[]): number {
  const d = 3;
  const cov = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => W.reduce((acc, row) => acc + row[i] * row[j], 0) + (i === j ? s2 : 0)),
  );
  const L = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = cov[i][j];
      for (let k = 0; k < j; k++) sum -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(sum) : sum / L[j][j];
    }
  }
  const r = x.map((v, i) => v - c[i]);
  const y = new Array<number>(d).fill(0);
  for (let i = 0; i < d; i++) {
    let sum = r[i];
    for (let k = 0; k < i; k++) sum -= L[i][k] * y[k];
    y[i] = sum / L[i][i];
  }
  const logDet = 2 * L.reduce((acc, row, i) => acc + Math.log(row[i]), 0);
  return -0.5 * (d * Math.log(2 * Math.PI) + logDet + y.reduce((acc, v) => acc + v * v, 0));
}

function linearVAE(): VAE {
  const vae = new VAE({
    inputShape: [3],
    latentDim: 2,
    encoderUnits: [],
    decoderUnits: [],
    observationModel: 'gaussian',
    decoderVariance: s2,
    seed: 9,
  });
  const weights = vae.getWeights();
  // Encoder: mu = 0.3 x A, logVar = -1 (not the true posterior, so the ELBO has a gap).
  const encoderKernel = [
    [0.3, -0.1, 0, 0],
    [0.1, 0.3, 0, 0],
    [-0.1, 0.2, 0, 0],
  ];
  const replaced: tf.NamedTensorMap = {
    'encoder/posterior/kernel': tf.tensor2d(encoderKernel),
    'encoder/posterior/bias': tf.tensor1d([0, 0, -1, -1]),
    'decoder/output/kernel': tf.tensor2d(W),
    'decoder/output/bias': tf.tensor1d(c),
  };
  expect(Object.keys(weights).sort()).toEqual(Object.keys(replaced).sort());
  vae.setWeights(replaced);
  tf.dispose([...Object.values(weights), ...Object.values(replaced)]);
  return vae;
}

async function meanBound(vae: VAE, k: number, copies: number): Promise<number> {
  const x = tf.tidy(() => tf.tile(tf.tensor2d([x0]), [copies, 1]));
  const bound = vae.elbo(x, { numImportanceSamples: k, seed: 5 });
  const values = await bound.data();
  tf.dispose([x, bound]);
  return Array.from(values as Float32Array).reduce((a, b) => a + b, 0) / values.length;
}

describe('linear Gaussian VAE: bounds against the exact log p(x)', () => {
  it('ELBO < IWAE(K) <= log p(x), with the IWAE gap shrinking as K grows', async () => {
    const vae = linearVAE();
    const exact = exactLogPx(x0);
    const elbo = await meanBound(vae, 1, 2000);
    const iwae = [];
    for (const k of [2, 20, 1000]) iwae.push(await meanBound(vae, k, 200));
    vae.dispose();
    const gap = exact - elbo;
    // The encoder is far from the true posterior: a clear gap.
    expect(gap).toBeGreaterThan(0.25);
    for (const value of iwae) {
      expect(value).toBeGreaterThan(elbo);
      expect(value).toBeLessThan(exact + 0.02);
    }
    const gaps = iwae.map((v) => exact - v);
    // Gaps of the averaged estimates (standard error about 0.003): K = 2 is clearly below log p(x),
    // K = 20 closer, K = 1000 indistinguishable from it.
    expect(gaps[0]).toBeGreaterThan(0.02);
    expect(gaps[0]).toBeLessThan(gap);
    expect(Math.abs(gaps[1])).toBeLessThan(gaps[0]);
    expect(Math.abs(gaps[2])).toBeLessThan(0.01);
  });

  it('the ELBO estimate matches the closed-form ELBO of the linear Gaussian model', async () => {
    const vae = linearVAE();
    const estimate = await meanBound(vae, 1, 4000);
    const x = tf.tensor2d([x0]);
    const posterior = vae.encodeDistribution(x);
    const mu = Array.from(await posterior.mean.data());
    const variance = Array.from(await posterior.logVar.data()).map(Math.exp);
    tf.dispose([x, posterior.mean, posterior.logVar]);
    vae.dispose();
    // E_q[log N(x; Wz + c, s2 I)] = -0.5 (D log(2 pi s2) + (|x - W^T mu - c|^2 + sum_j var_j |W_j|^2) / s2)
    const mean = c.map((ci, i) => ci + W.reduce((acc, row, j) => acc + row[i] * mu[j], 0));
    const residual = x0.reduce((acc, v, i) => acc + (v - mean[i]) ** 2, 0);
    const spread = W.reduce((acc, row, j) => acc + variance[j] * row.reduce((a, w) => a + w * w, 0), 0);
    const expectedRecon = -0.5 * (3 * Math.log(2 * Math.PI * s2) + (residual + spread) / s2);
    const kl = 0.5 * mu.reduce((acc, m, j) => acc + variance[j] + m * m - 1 - Math.log(variance[j]), 0);
    expect(Math.abs(estimate - (expectedRecon - kl))).toBeLessThan(0.05);
  });
});
