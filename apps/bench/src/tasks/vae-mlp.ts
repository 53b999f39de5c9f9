/**
 * bench-spec task vae-mlp: binarized, flattened 784; batch 128; Adam 1e-3; the VAE package's
 * default network (enc 512-256-(mu, logvar of z32), dec 256-512-784 logits); Bernoulli NLL +
 * analytic KL, mean over the batch.
 */
import { imagesToTensor } from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import type { LikelihoodReport } from '@genmodels/eval';
import { evaluateLikelihood } from '@genmodels/eval';
import { VAE } from '@genmodels/vae';
import * as tf from '@tensorflow/tfjs-core';
import { ModelWorkload } from './model-workload.js';
import type { BenchTask, QualityFigure, ThroughputHandle } from './bench-task.js';

const BATCH = 128;
const SAMPLE_BATCH = 64;

const createModel = (seed: number) => new VAE({ inputShape: [784], seed });

function loadBinarized(dataset: 'fashion-mnist' | 'mnist', split: 'train' | 'test'): tf.Tensor {
  return imagesToTensor(loadImageDataset(dataset, { split }), { preprocessing: 'binarized', flatten: true });
}

/**
 * The test-set bound through the eval package, so the bench and `genmodels eval` report the same
 * number the same way: nats per example with its standard error, and which bound it is.
 */
async function negativeBound(model: VAE, x: tf.Tensor, k: number, batch: number, seed: number): Promise<LikelihoodReport> {
  const count = x.shape[0];
  const batches = {
    *[Symbol.iterator]() {
      for (let start = 0; start < count; start += batch) yield tf.slice(x, start, Math.min(batch, count - start));
    },
  };
  return evaluateLikelihood(model, batches, {
    ...(k > 1 ? { kind: 'iwae' as const, numImportanceSamples: k } : { kind: 'elbo' as const }),
    preprocessing: 'binarized',
    dims: 784,
    seed,
    disposeBatches: true,
  });
}

export const vaeMlpTask: BenchTask = {
  name: 'vae-mlp',
  description: 'MLP VAE, binarized 784, batch 128, Adam 1e-3, Bernoulli NLL + analytic KL',
  sampler: 'one decode pass',
  createModel,

  async setupThroughput({ dataset, seed }): Promise<ThroughputHandle> {
    return new ModelWorkload(createModel(seed), loadBinarized(dataset, 'train'), BATCH, seed).throughputHandle(SAMPLE_BATCH);
  },

  async quality({ dataset, budgetSeconds, importanceSamples, evalExamples, seed, log }) {
    const workload = new ModelWorkload(createModel(seed), loadBinarized(dataset, 'train'), BATCH, seed);
    const test = loadBinarized(dataset, 'test');
    const model = workload.model;
    const trainedSeconds = await workload.trainFor(budgetSeconds, (step, epoch, loss) => {
      if (step % 50 === 0) log(`step ${step} (epoch ${epoch}): loss ${loss.toFixed(2)}`);
    });
    const step = workload.step;
    log(`trained ${step} steps in ${trainedSeconds.toFixed(0)} s; evaluating`);
    const elbo = await negativeBound(model, test, 1, 1000, seed);
    const figures: QualityFigure[] = [
      {
        metric: `neg-elbo:${dataset}`,
        value: elbo.natsPerExample,
        standardError: elbo.standardError,
        unit: 'nats',
        note: `${elbo.label}, full ${dataset} test split (${elbo.numExamples} images), static binarization`,
      },
    ];
    if (importanceSamples > 1) {
      const subset = tf.slice(test, 0, Math.min(evalExamples, test.shape[0]));
      const perExampleBatch = Math.max(1, Math.floor(20_000 / importanceSamples));
      const iwae = await negativeBound(model, subset, importanceSamples, perExampleBatch, seed);
      figures.push({
        metric: `iwae:${dataset}`,
        value: iwae.natsPerExample,
        standardError: iwae.standardError,
        unit: 'nats',
        note: `${iwae.label}, first ${iwae.numExamples} test images`,
      });
      subset.dispose();
    }
    workload.dispose();
    test.dispose();
    return { budgetSeconds: Math.round(trainedSeconds), stepsTrained: step, figures };
  },
};
