/**
 * Shared shape of the autoregressive bench tasks (pixelcnn from bench-spec, and nade / made for
 * the binarized-MNIST literature comparisons): statically binarized images (x > 0.5), a timed
 * train step that reads the loss back, full ancestral sampling, and the exact test NLL in nats
 * per image after a wall-clock training budget.
 */
import type { AutoregressiveBatch } from '@genmodels/autoregressive';
import { imagesToTensor } from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import type { GenerativeModel, LikelihoodModel } from '@genmodels/core-nn';
import * as tf from '@tensorflow/tfjs-core';
import { ModelWorkload } from './model-workload.js';
import type { BenchTask, ThroughputHandle } from './bench-task.js';

const EVAL_BATCH = 250;

type Model = GenerativeModel<AutoregressiveBatch> & LikelihoodModel;

export interface AutoregressiveTaskSpec {
  name: string;
  description: string;
  batch: number;
  sampleBatch: number;
  /** What one timed sampling call does. */
  sampler: string;
  create(seed: number): Model;
  /** What the NLL figure says about the model beyond the data, e.g. 'H = 500'. */
  modelNote: string;
}

function loadBinarized(dataset: 'fashion-mnist' | 'mnist', split: 'train' | 'test'): tf.Tensor {
  return imagesToTensor(loadImageDataset(dataset, { split }), { preprocessing: 'binarized', flatten: false });
}

/** Exact NLL per image over `x`, in nats: mean and standard error. */
export async function exactNll(model: LikelihoodModel, x: tf.Tensor): Promise<{ mean: number; standardError: number }> {
  let sum = 0;
  let squares = 0;
  const n = x.shape[0];
  for (let start = 0; start < n; start += EVAL_BATCH) {
    const size = Math.min(EVAL_BATCH, n - start);
    const nll = tf.tidy(() => tf.neg(model.logProb(tf.slice(x, start, size))));
    for (const v of await nll.data()) {
      sum += v;
      squares += v * v;
    }
    nll.dispose();
  }
  const mean = sum / n;
  return { mean, standardError: Math.sqrt(Math.max(0, squares / n - mean * mean) / Math.max(1, n - 1)) };
}

export function autoregressiveTask(spec: AutoregressiveTaskSpec): BenchTask {
  return {
    name: spec.name,
    description: spec.description,
    sampler: spec.sampler,
    createModel: spec.create,

    async setupThroughput({ dataset, seed }): Promise<ThroughputHandle> {
      return new ModelWorkload(spec.create(seed), loadBinarized(dataset, 'train'), spec.batch, seed).throughputHandle(spec.sampleBatch);
    },

    async quality({ dataset, budgetSeconds, seed, log }) {
      const workload = new ModelWorkload(spec.create(seed), loadBinarized(dataset, 'train'), spec.batch, seed);
      const test = loadBinarized(dataset, 'test');
      const model = workload.model;
      const trainedSeconds = await workload.trainFor(budgetSeconds, (step, epoch, loss) => {
        if (step % 50 === 0) log(`step ${step} (epoch ${epoch}): loss ${loss.toFixed(2)} nats`);
      });
      const step = workload.step;
      log(`trained ${step} steps (batch ${spec.batch}) in ${trainedSeconds.toFixed(0)} s; exact NLL on ${test.shape[0]} test images`);
      const nll = await exactNll(model, test);
      workload.dispose();
      test.dispose();
      return {
        budgetSeconds: Math.round(trainedSeconds),
        stepsTrained: step,
        figures: [
          {
            metric: `nll:${dataset}`,
            value: nll.mean,
            standardError: nll.standardError,
            unit: 'nats',
            note: `exact NLL per image, full ${dataset} test split, static binarization (x > 0.5); ${spec.modelNote}`,
          },
        ],
      };
    },
  };
}
