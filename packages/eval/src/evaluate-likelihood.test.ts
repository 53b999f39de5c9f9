import * as tf from '@tensorflow/tfjs-core';
import { logitTransform } from '@genmodels/core-data';
import { describe, expect, it } from 'vitest';
import { EIGHT_BIT_UNIT_INTERVAL } from './bits-per-dim.js';
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
    expect(report.conditional).toBe(false);
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

  it('never counts the 8-bit offset twice for a flow whose logProb includes the dequantization term', async () => {
    // A flow at 9.14 bits/dim of the 8-bit data: its logProb already holds -D ln 256 and the logit log-det.
    const dims = 784;
    const logProb = (x: tf.Tensor) => tf.fill([x.shape[0]], -9.14 * dims * Math.LN2) as tf.Tensor1D;
    const declared = { modelType: 'realnvp', likelihoodSpec: { kind: 'exact', dataSpace: 'dequantized' } as const, logProb };
    const batch = tf.zeros([3, dims]);
    const options = { preprocessing: 'dequantized-logit', dims, logDetCorrection: null };
    const report = await evaluateLikelihood(declared, [batch], options);
    expect(report.bitsPerDim).toBeCloseTo(9.14, 6);
    expect(report).toMatchObject({ kind: 'exact', isBound: true, dequantizationOffsetNats: 0, logDetCorrected: false });
    expect(report.label).toMatch(/upper bound on the 8-bit NLL/);
    // Asking to add a term the model already counts is refused, naming the option to drop.
    await expect(evaluateLikelihood(declared, [batch], { ...options, logDetCorrection: (x) => logitLogDetFromOutput(x) })).rejects.toThrow(
      /already includes the dequantization and logit terms; drop options.logDetCorrection/,
    );
    await expect(evaluateLikelihood(declared, [batch], { ...options, discretization: EIGHT_BIT_UNIT_INTERVAL })).rejects.toThrow(/drop options.discretization/);
    // A model that declares nothing: null alone is ambiguous (17.14 bits/dim before), so the caller must say.
    const undeclared = { modelType: 'my-flow', logProb };
    await expect(evaluateLikelihood(undeclared, [batch], options)).rejects.toThrow(/discretization: null if it does \(nothing is added\)/);
    expect((await evaluateLikelihood(undeclared, [batch], { ...options, discretization: null })).bitsPerDim).toBeCloseTo(9.14, 6);
    // ...and a density on [0, 1] (not including the term) gets the 8 bits added, once.
    expect((await evaluateLikelihood(undeclared, [batch], { ...options, discretization: EIGHT_BIT_UNIT_INTERVAL })).bitsPerDim).toBeCloseTo(17.14, 6);
    batch.dispose();
  });

  it('reads the kind from the model declaration, never from its name', async () => {
    const batch = tf.ones([2, 2]);
    const elbo = (x: tf.Tensor) => tf.tidy(() => tf.neg(tf.sum(x, 1)) as tf.Tensor1D);
    const diffusion = { modelType: 'my-denoiser', likelihoodSpec: { kind: 'diffusion-vlb', dataSpace: 'discrete' } as const, elbo };
    const report = await evaluateLikelihood(diffusion, [batch], { preprocessing: 'symmetric', dims: 2 });
    expect(report.kind).toBe('diffusion-vlb');
    expect(report.label).toBe('negative variational bound of the diffusion model (upper bound on NLL)');
    // A name that looks like a diffusion model does not make it one.
    expect((await evaluateLikelihood({ modelType: 'ddpm-like', elbo }, [batch], { preprocessing: 'symmetric', dims: 2 })).kind).toBe('elbo');
    await expect(evaluateLikelihood(diffusion, [batch], { preprocessing: 'symmetric', dims: 2, kind: 'iwae', numImportanceSamples: 5 })).rejects.toThrow(
      /declares a likelihood of kind 'diffusion-vlb', so it reports 'diffusion-vlb', not 'iwae'/,
    );
    const none = { modelType: 'ddpm', likelihoodSpec: null, elbo };
    await expect(evaluateLikelihood(none, [batch], { preprocessing: 'unit', dims: 2 })).rejects.toThrow(/declares no likelihood or bound in this configuration/);
    await expect(evaluateLikelihood({ likelihoodSpec: { kind: 'exact', dataSpace: 'discrete' }, logProb: elbo }, [batch], { preprocessing: 'binarized', dims: 2, discretization: EIGHT_BIT_UNIT_INTERVAL })).rejects.toThrow(
      /gives a log-probability of discrete data; drop options.discretization/,
    );
    batch.dispose();
  });

  it('passes the labels to a conditional model and reports the conditional likelihood as such', async () => {
    const seen: number[][] = [];
    const conditional = {
      modelType: 'cvae',
      numClasses: 3,
      likelihoodSpec: { kind: 'elbo', dataSpace: 'discrete' } as const,
      elbo: (x: tf.Tensor, options: { labels?: tf.Tensor1D } = {}) => {
        if (!options.labels) throw new Error('this conditional VAE needs class labels');
        seen.push(Array.from(options.labels.dataSync()));
        return tf.tidy(() => tf.neg(tf.add(tf.sum(x, 1), tf.cast(options.labels!, 'float32'))) as tf.Tensor1D);
      },
    };
    const x = tf.tensor2d([[1, 0], [0, 0], [1, 1]]);
    const labels = tf.tensor1d([2, 0, 1], 'int32');
    const report = await evaluateLikelihood(conditional, [{ x, labels }], { preprocessing: 'binarized', dims: 2 });
    expect(seen).toEqual([[2, 0, 1]]);
    // per example: sum + label = 3, 0, 3
    expect(report.natsPerExample).toBeCloseTo(2, 6);
    expect(report.conditional).toBe(true);
    expect(report.label).toBe('negative ELBO given the class label (upper bound on the conditional NLL)');
    expect(formatLikelihoodReport(report)).toMatch(/conditional likelihood log p\(x \| y\)/);
    await expect(evaluateLikelihood(exactModel(), [{ x, labels }], { preprocessing: 'binarized', dims: 2 })).rejects.toThrow(/carry labels but model 'toy-flow' is unconditional/);
    await expect(evaluateLikelihood(conditional, [{ x, labels }, x], { preprocessing: 'binarized', dims: 2 })).rejects.toThrow(/labels with every batch or with none/);
    tf.dispose([x, labels]);
  });

  it('splits batches so that one model call fits the memory budget, with the same figure, progress and a stop', async () => {
    // Each example costs a [1, 4096] float intermediate (16 kB) besides its output.
    const sizes: number[] = [];
    const wide = {
      modelType: 'wide',
      likelihoodSpec: { kind: 'elbo', dataSpace: 'discrete' } as const,
      elbo: (x: tf.Tensor, options: { seed?: number } = {}) => {
        sizes.push(x.shape[0]);
        return tf.tidy(() => {
          const spread = tf.tile(x, [1, 2048]);
          return tf.add(tf.neg(tf.div(tf.sum(spread, 1), 2048)), (options.seed ?? 0) * 0) as tf.Tensor1D;
        });
      },
    };
    const rows = Array.from({ length: 100 }, (_, i) => [i % 7, (i * 3) % 5]);
    const batch = tf.tensor2d(rows);
    const whole = await evaluateLikelihood(wide, [batch], { preprocessing: 'binarized', dims: 2, memoryBudget: null });
    expect(sizes).toEqual([100]);
    sizes.length = 0;
    const progress: number[] = [];
    const budget = { workingSetBytes: 300_000, maxTensorBytes: 1e9, source: 'test heap' };
    const split = await evaluateLikelihood(wide, [batch], { preprocessing: 'binarized', dims: 2, memoryBudget: budget, onProgress: (n) => progress.push(n) });
    expect(sizes.slice(0, 2)).toEqual([2, 4]);
    expect(Math.max(...sizes)).toBeLessThan(30);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100);
    expect(split.natsPerExample).toBeCloseTo(whole.natsPerExample, 5);
    expect(split.standardError).toBeCloseTo(whole.standardError, 5);
    expect(progress[progress.length - 1]).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const controller = new AbortController();
    const stopped = evaluateLikelihood(wide, [batch], {
      preprocessing: 'binarized',
      dims: 2,
      memoryBudget: budget,
      signal: controller.signal,
      onProgress: (n) => {
        if (n >= 6) controller.abort(new Error('interrupted'));
      },
    });
    await expect(stopped).rejects.toThrow('interrupted');
    batch.dispose();
  });
});
