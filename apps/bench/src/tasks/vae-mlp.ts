/**
 * bench-spec task vae-mlp: binarized, flattened 784; batch 128; Adam 1e-3; the VAE package's
 * default network (enc 512-256-(mu, logvar of z32), dec 256-512-784 logits); Bernoulli NLL +
 * analytic KL, mean over the batch.
 */
import { imagesToTensor, loadImageDataset } from '@genmodels/core-data';
import { VAE } from '@genmodels/vae';
import * as tf from '@tensorflow/tfjs-core';
import { ModelWorkload } from './model-workload.js';
import type { BenchTask, QualityFigure, ThroughputHandle } from './bench-task.js';

const BATCH = 128;
const SAMPLE_BATCH = 64;

function loadBinarized(dataset: 'fashion-mnist' | 'mnist', split: 'train' | 'test'): tf.Tensor {
  return imagesToTensor(loadImageDataset(dataset, { split }), { preprocessing: 'binarized', flatten: true });
}

function meanAndError(values: number[]): { mean: number; standardError: number } {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, standardError: Math.sqrt(squares / Math.max(1, n - 1) / n) };
}

async function negativeBound(model: VAE, x: tf.Tensor, k: number, batch: number, seed: number): Promise<number[]> {
  const out: number[] = [];
  for (let start = 0; start < x.shape[0]; start += batch) {
    const size = Math.min(batch, x.shape[0] - start);
    const bound = tf.tidy(() => tf.neg(model.elbo(tf.slice(x, start, size), { numImportanceSamples: k, seed: seed + start + 1 })));
    out.push(...(await bound.data()));
    bound.dispose();
  }
  return out;
}

export const vaeMlpTask: BenchTask = {
  name: 'vae-mlp',
  description: 'MLP VAE, binarized 784, batch 128, Adam 1e-3, Bernoulli NLL + analytic KL',

  async setupThroughput({ dataset, seed }): Promise<ThroughputHandle> {
    return new ModelWorkload(new VAE({ inputShape: [784], seed }), loadBinarized(dataset, 'train'), BATCH, seed).throughputHandle(SAMPLE_BATCH);
  },

  async quality({ dataset, budgetSeconds, importanceSamples, evalExamples, seed, log }) {
    const workload = new ModelWorkload(new VAE({ inputShape: [784], seed }), loadBinarized(dataset, 'train'), BATCH, seed);
    const test = loadBinarized(dataset, 'test');
    const model = workload.model;
    const trainedSeconds = await workload.trainFor(budgetSeconds, (step, epoch, loss) => {
      if (step % 50 === 0) log(`step ${step} (epoch ${epoch}): loss ${loss.toFixed(2)}`);
    });
    const step = workload.step;
    log(`trained ${step} steps in ${trainedSeconds.toFixed(0)} s; evaluating`);
    const elbo = meanAndError(await negativeBound(model, test, 1, 1000, seed));
    const figures: QualityFigure[] = [
      {
        metric: `neg-elbo:${dataset}`,
        value: elbo.mean,
        standardError: elbo.standardError,
        unit: 'nats',
        note: `negative ELBO (upper bound on NLL), full ${dataset} test split (${test.shape[0]} images), static binarization`,
      },
    ];
    if (importanceSamples > 1) {
      const subset = tf.slice(test, 0, Math.min(evalExamples, test.shape[0]));
      const perExampleBatch = Math.max(1, Math.floor(20_000 / importanceSamples));
      const iwae = meanAndError(await negativeBound(model, subset, importanceSamples, perExampleBatch, seed));
      figures.push({
        metric: `iwae:${dataset}`,
        value: iwae.mean,
        standardError: iwae.standardError,
        unit: 'nats',
        note: `IWAE estimate of the NLL (upper bound), K = ${importanceSamples}, first ${subset.shape[0]} test images`,
      });
      subset.dispose();
    }
    workload.dispose();
    test.dispose();
    return { budgetSeconds: Math.round(trainedSeconds), stepsTrained: step, figures };
  },
};
