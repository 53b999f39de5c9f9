import * as tf from '@tensorflow/tfjs-core';
import { logitTransform } from '@genmodels/core-data';
import { describe, expect, it } from 'vitest';
import { CapabilityError } from './capability-error.js';
import { evaluateLikelihood } from './evaluate-likelihood.js';
import { formatLikelihoodReport } from './likelihood-report.js';
import { logitLogDetFromOutput } from './logit-log-det.js';

/** A model whose log p(x) is minus the sum of x per example (so it is known by hand). */
function exactModel() {
  return {
    modelType: 'toy-flow',
    logProb: (x: tf.Tensor) => tf.tidy(() => tf.neg(tf.sum(tf.reshape(x, [x.shape[0], -1]), 1)) as tf.Tensor1D),
  };
}

/** A VAE-like model: elbo only; the value depends on K so tests can see which K was passed. */
function boundModel(calls: { k?: number; seed?: number }[] = []) {
  return {
    modelType: 'vae',
    elbo: (x: tf.Tensor, options: { numImportanceSamples?: number; seed?: number } = {}) => {
      calls.push({ ...options });
      const k = options.numImportanceSamples ?? 1;
      return tf.tidy(() => tf.sub(tf.neg(tf.sum(tf.reshape(x, [x.shape[0], -1]), 1)), 1 / k) as tf.Tensor1D);
    },
  };
}

function batchesOf(rows: number[][], size: number): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(tf.tensor2d(rows.slice(i, i + size)));
  return out;
}

describe('evaluateLikelihood', () => {
  it('reports an exact NLL, its standard error and bits/dim (hand-computed)', async () => {
    // Per-example sums 1, 2, 3, 6 -> NLL = sums; mean 3, sample std sqrt(((4 + 1 + 0 + 9) / 3)) = 2.160247, SE = 1.080123.
    const batches = batchesOf([[0, 1], [1, 1], [1, 2], [3, 3]], 3);
    const report = await evaluateLikelihood(exactModel(), batches, { preprocessing: 'binarized', dims: 2 });
    batches.forEach((b) => b.dispose());
    expect(report.kind).toBe('exact');
    expect(report.isBound).toBe(false);
    expect(report.label).toBe('NLL (exact)');
    expect(report.numExamples).toBe(4);
    expect(report.natsPerExample).toBeCloseTo(3, 10);
    expect(report.standardError).toBeCloseTo(1.080123, 5);
    expect(report.bitsPerDim).toBeCloseTo(3 / (2 * 0.693147181), 6);
    expect(report.dequantizationOffsetNats).toBe(0);
    expect(formatLikelihoodReport(report)).toContain('NLL (exact): 3.00 ± 1.08 nats/example = 2.1640 ± 0.7791 bits/dim');
  });

  it('labels the ELBO as a bound, never as an NLL, and passes K and per-batch seeds to IWAE', async () => {
    const calls: { numImportanceSamples?: number; seed?: number }[] = [];
    const batches = batchesOf([[1, 1], [2, 2], [3, 3]], 2);
    const elbo = await evaluateLikelihood(boundModel(calls), batches, { preprocessing: 'binarized', dims: 2, seed: 10 });
    expect(elbo.kind).toBe('elbo');
    expect(elbo.isBound).toBe(true);
    expect(elbo.label).toBe('negative ELBO (upper bound on NLL)');
    expect(elbo.natsPerExample).toBeCloseTo(4 + 1, 5);
    expect(calls.map((c) => c.seed)).toEqual([10, 11]);
    const iwae = await evaluateLikelihood(boundModel(calls), batches, { preprocessing: 'binarized', dims: 2, kind: 'iwae', numImportanceSamples: 50 });
    batches.forEach((b) => b.dispose());
    expect(iwae.kind).toBe('iwae');
    expect(iwae.numImportanceSamples).toBe(50);
    expect(iwae.natsPerExample).toBeCloseTo(4 + 1 / 50, 5);
    expect(iwae.label).toMatch(/IWAE bound, K = 50 \(upper bound on NLL\)/);
    expect(formatLikelihoodReport(iwae)).not.toMatch(/^NLL/);
  });

  it('teaches instead of failing obscurely when a capability is missing', async () => {
    const batch = tf.zeros([2, 2]);
    await expect(evaluateLikelihood(boundModel(), [batch], { preprocessing: 'binarized', dims: 2, kind: 'exact' })).rejects.toThrow(
      /model 'vae' has no exact logProb; use the ELBO or IWAE estimate/,
    );
    await expect(evaluateLikelihood(boundModel(), [batch], { preprocessing: 'binarized', dims: 2, kind: 'exact' })).rejects.toBeInstanceOf(CapabilityError);
    await expect(evaluateLikelihood({ modelType: 'dcgan', sample: () => 0 }, [batch], { preprocessing: 'symmetric', dims: 2 })).rejects.toThrow(
      /neither logProb .* nor elbo/,
    );
    await expect(evaluateLikelihood(exactModel(), [batch], { preprocessing: 'binarized', dims: 2, kind: 'elbo' })).rejects.toThrow(/report kind: 'exact'/);
    await expect(evaluateLikelihood(boundModel(), [batch], { preprocessing: 'binarized', dims: 2, kind: 'iwae' })).rejects.toThrow(/K >= 2/);
    await expect(evaluateLikelihood(exactModel(), [batch], { preprocessing: 'binarized', dims: 3 })).rejects.toThrow(/2 dims per example but options.dims is 3/);
    await expect(evaluateLikelihood(exactModel(), [batch], { preprocessing: 'dequantized-logit', dims: 2 })).rejects.toThrow(/logDetCorrection/);
    batch.dispose();
  });

  it('adds dims * ln 256 for dequantized data and reports it as a bound on the 8-bit NLL', async () => {
    const batch = tf.tensor2d([[0.5, 0.5]]);
    const report = await evaluateLikelihood(exactModel(), [batch], { preprocessing: 'dequantized', dims: 2 });
    batch.dispose();
    // nll = 1 + 2 ln 256 = 1 + 11.090355 = 12.090355 nats; bits/dim = 12.090355 / (2 ln 2) = 8.721348.
    expect(report.natsPerExample).toBeCloseTo(12.090355, 5);
    expect(report.bitsPerDim).toBeCloseTo(8.721348, 5);
    expect(report.isBound).toBe(true);
    expect(report.label).toMatch(/upper bound on the 8-bit NLL/);
  });

  it('counts the logit transform so bits/dim are in pixel space (checked by a numerical derivative)', async () => {
    // Model: each logit-space dim y_i is standard logistic, log p(y) = sum -y - 2 softplus(-y).
    const logistic = {
      logProb: (y: tf.Tensor) =>
        tf.tidy(() => tf.sum(tf.sub(tf.neg(y), tf.mul(2, tf.softplus(tf.neg(y)))), 1) as tf.Tensor1D),
    };
    const pixels = [
      [0.1, 0.5, 0.93],
      [0.02, 0.7, 0.41],
    ];
    const x = tf.tensor2d(pixels);
    const { y, logDet } = logitTransform(x, 0.05);
    const report = await evaluateLikelihood(logistic, [y], {
      preprocessing: 'dequantized-logit',
      dims: 3,
      logDetCorrection: (batch) => logitLogDetFromOutput(batch, 0.05),
      discretization: null,
    });
    // By hand on the host: log p(x) = log p_y(y(x)) + sum_i log |dy_i/dx_i|, derivative by central differences.
    const yOf = (v: number) => {
      const p = 0.05 + 0.9 * v;
      return Math.log(p) - Math.log(1 - p);
    };
    const logistic1 = (v: number) => -v - 2 * Math.log1p(Math.exp(-v));
    const h = 1e-6;
    let expectedNll = 0;
    for (const row of pixels) {
      let logp = 0;
      for (const v of row) logp += logistic1(yOf(v)) + Math.log((yOf(v + h) - yOf(v - h)) / (2 * h));
      expectedNll -= logp / pixels.length;
    }
    expect(report.natsPerExample).toBeCloseTo(expectedNll, 3);
    expect(report.logDetCorrected).toBe(true);
    // The helper computed from y equals core-data's log-det computed from x.
    const fromOutput = logitLogDetFromOutput(y, 0.05);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(fromOutput, logDet))).dataSync()[0]);
    expect(diff).toBeLessThan(1e-4);
    tf.dispose([x, y, logDet, fromOutput]);
  });

  it('rejects non-finite log-densities naming the batch', async () => {
    const nan = { logProb: (x: tf.Tensor) => tf.tidy(() => tf.fill([x.shape[0]], Number.NaN) as tf.Tensor1D) };
    const batch = tf.zeros([2, 2]);
    await expect(evaluateLikelihood(nan, [batch], { preprocessing: 'binarized', dims: 2 })).rejects.toThrow(/non-finite log-density NaN for example 0 of batch 0/);
    batch.dispose();
  });
});
