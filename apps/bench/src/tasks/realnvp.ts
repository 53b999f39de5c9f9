/**
 * bench-spec task realnvp: dequantized + logit 28x28x1 images (a = 0.05, the log-determinant
 * counted), batch 64, Adam 1e-3, 8 affine couplings with checkerboard masks of alternating
 * parity, each s,t net Conv3x3 64 -> ReLU -> Conv3x3 64 -> ReLU -> Conv3x3 2 with
 * s = tanh(raw_s) * learned scale: the flow package's default RealNVP. NLL in bits/dim.
 * The quality run also evaluates the other dataset (MNIST after Fashion-MNIST and vice versa),
 * to show the known failure of likelihood-based anomaly detection (Nalisnick et al. 2019).
 */
import { imagesToTensor } from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import { RealNVP } from '@genmodels/flow';
import * as tf from '@tensorflow/tfjs-core';
import { ModelWorkload } from './model-workload.js';
import type { BenchTask, QualityFigure, ThroughputHandle } from './bench-task.js';

const BATCH = 64;
const SAMPLE_BATCH = 64;
const EVAL_BATCH = 250;

const createModel = (seed: number) => new RealNVP({ seed });

/** Pixels k / 255 in [0, 1], [n, 28, 28, 1]; the model dequantizes and applies the logit itself. */
function loadUnit(dataset: 'fashion-mnist' | 'mnist', split: 'train' | 'test'): tf.Tensor {
  return imagesToTensor(loadImageDataset(dataset, { split }), { preprocessing: 'unit', flatten: false });
}

function meanAndError(values: number[]): { mean: number; standardError: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const squares = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, standardError: Math.sqrt(squares / Math.max(1, n - 1) / n) };
}

async function bitsPerDim(model: RealNVP, x: tf.Tensor, seed: number): Promise<number[]> {
  const out: number[] = [];
  for (let start = 0; start < x.shape[0]; start += EVAL_BATCH) {
    const size = Math.min(EVAL_BATCH, x.shape[0] - start);
    const bpd = tf.tidy(() => model.bitsPerDim(tf.slice(x, start, size), { seed: seed + start + 1 }));
    out.push(...(await bpd.data()));
    bpd.dispose();
  }
  return out;
}

export const realnvpTask: BenchTask = {
  name: 'realnvp',
  description: 'RealNVP, 8 checkerboard affine couplings (Conv3x3 64-64-2 s,t nets), dequantized + logit 28x28x1, batch 64, Adam 1e-3, bits/dim',
  sampler: 'one inverse pass',
  createModel,

  async setupThroughput({ dataset, seed }): Promise<ThroughputHandle> {
    return new ModelWorkload(createModel(seed), loadUnit(dataset, 'train'), BATCH, seed).throughputHandle(SAMPLE_BATCH);
  },

  async quality({ dataset, budgetSeconds, evalExamples, seed, log }) {
    const workload = new ModelWorkload(createModel(seed), loadUnit(dataset, 'train'), BATCH, seed);
    const model = workload.model;
    const trainedSeconds = await workload.trainFor(budgetSeconds, (step, epoch, loss) => {
      if (step % 25 === 0) log(`step ${step} (epoch ${epoch}): ${loss.toFixed(3)} bits/dim`);
    });
    const step = workload.step;
    log(`trained ${step} steps in ${trainedSeconds.toFixed(0)} s; evaluating bits/dim on ${evalExamples} test images of each dataset`);
    const figures: QualityFigure[] = [];
    const other = dataset === 'mnist' ? 'fashion-mnist' : 'mnist';
    for (const [name, role] of [
      [dataset, 'bpd'],
      [other, 'bpd-ood'],
    ] as const) {
      const test = loadUnit(name, 'test');
      const subset = tf.slice(test, 0, Math.min(evalExamples, test.shape[0]));
      test.dispose();
      const { mean, standardError } = meanAndError(await bitsPerDim(model, subset, seed));
      figures.push({
        metric: `${role}:${name}`,
        value: mean,
        standardError,
        unit: 'bits/dim',
        note:
          role === 'bpd'
            ? `first ${subset.shape[0]} ${name} test images, one dequantization draw each, logit (a = 0.05) log-det counted`
            : `the same model (trained on ${dataset}) on ${subset.shape[0]} ${name} test images: lower than in-distribution means the known likelihood failure (Nalisnick et al. 2019)`,
      });
      subset.dispose();
    }
    workload.dispose();
    return { budgetSeconds: Math.round(trainedSeconds), stepsTrained: step, figures };
  },
};
