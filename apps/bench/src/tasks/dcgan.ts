/**
 * bench-spec task dcgan: Fashion-MNIST (or MNIST) scaled to [-1, 1], batch 64, Adam 2e-4 beta1 0.5
 * for D and G; the gan package's DCGAN defaults are the bench-spec network (G: z100 -> Dense
 * 7*7*128 -> BN -> ReLU -> ConvT 64 k4 s2 -> BN -> ReLU -> ConvT 1 k4 s2 -> tanh; D: Conv 64 k4
 * s2 -> LReLU 0.2 -> Conv 128 k4 s2 -> BN -> LReLU 0.2 -> Flatten -> Dense 1 logit);
 * non-saturating loss; one D update then one G update per step. A timed step reads the loss back.
 * Quality: FID and KID of 10 000 samples against the 10 000 test images on the eval package's
 * classifier features, plus the class histogram of the samples (the mode-collapse signal),
 * which is also logged during training.
 */
import { performance } from 'node:perf_hooks';
import { imagesToTensor, tensorDataSource } from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import { stepSeed } from '@genmodels/core-nn';
import { computeSampleQuality } from '@genmodels/eval';
import { loadFeatureNetwork } from '@genmodels/eval/node';
import type { FeatureNetwork } from '@genmodels/eval';
import { GAN } from '@genmodels/gan';
import * as tf from '@tensorflow/tfjs-core';
import { ModelWorkload } from './model-workload.js';
import type { BenchTask, QualityFigure, ThroughputHandle } from './bench-task.js';

const BATCH = 64;
const SAMPLE_BATCH = 64;
const GENERATE_CHUNK = 500;
const HISTOGRAM_EVERY = 500;
const HISTOGRAM_SAMPLES = 1000;

const createModel = (seed: number) => new GAN({ modelType: 'dcgan', seed });

function loadSymmetric(dataset: 'fashion-mnist' | 'mnist', split: 'train' | 'test'): tf.Tensor {
  return imagesToTensor(loadImageDataset(dataset, { split }), { preprocessing: 'symmetric', flatten: false });
}

function loadUnit(dataset: 'fashion-mnist' | 'mnist', split: 'train' | 'test'): tf.Tensor {
  return imagesToTensor(loadImageDataset(dataset, { split }), { preprocessing: 'unit', flatten: false });
}

/** `count` samples in [-1, 1], drawn in chunks with seeds derived from `seed`. */
function* sampleChunks(model: GAN, count: number, seed: number): Generator<tf.Tensor> {
  for (let start = 0, i = 0; start < count; start += GENERATE_CHUNK, i++) {
    yield model.sample(Math.min(GENERATE_CHUNK, count - start), { seed: stepSeed(seed, 1_000_000 + i) });
  }
}

function disposingChunks(chunks: Generator<tf.Tensor>): Iterable<tf.Tensor> {
  return {
    *[Symbol.iterator]() {
      for (const chunk of chunks) {
        try {
          yield chunk;
        } finally {
          chunk.dispose();
        }
      }
    },
  };
}

export const dcganTask: BenchTask = {
  name: 'dcgan',
  description: 'DCGAN, [-1,1] images, batch 64, Adam 2e-4 beta1 0.5 for D and G, non-saturating loss, one D then one G update',
  sampler: 'one generator pass',
  createModel,

  async setupThroughput({ dataset, seed }): Promise<ThroughputHandle> {
    return new ModelWorkload(createModel(seed), loadSymmetric(dataset, 'train'), BATCH, seed).throughputHandle(SAMPLE_BATCH);
  },

  async quality({ dataset, budgetSeconds, seed, fidSamples, log }) {
    const train = loadSymmetric(dataset, 'train');
    const model = createModel(seed);
    const source = tensorDataSource(train, { batchSize: BATCH, seed });
    let network: FeatureNetwork | null = null;
    try {
      network = loadFeatureNetwork(dataset);
    } catch (error) {
      log(`no ${dataset} feature network: ${(error as Error).message.split('\n')[0]}; FID/KID and the class histogram are skipped`);
    }
    const histogram = async (): Promise<string> => {
      if (!network) return '';
      const samples = model.sample(HISTOGRAM_SAMPLES, { seed: 4242 });
      const report = await computeSampleQuality(samples, samples, { network, metrics: ['histogram'], inputRange: 'symmetric' });
      samples.dispose();
      const h = report.classHistogram!;
      return `; class histogram ${h.counts.join('/')} (${h.numClassesPresent} classes, KL from uniform ${h.klFromUniform.toFixed(3)})`;
    };
    const start = performance.now();
    let step = 0;
    const names = ['d/loss', 'g/loss', 'd/real', 'd/fake', 'd/grad-norm', 'g/grad-norm'];
    while ((performance.now() - start) / 1000 < budgetSeconds) {
      const epoch = Math.floor(step / source.batchesPerEpoch);
      const metrics = tf.tidy(() => {
        const m = model.trainStep(source.getBatch(epoch, step % source.batchesPerEpoch), { step, epoch, seed: stepSeed(seed, step) });
        return tf.stack(names.map((k) => m[k]));
      });
      step++;
      const values = await metrics.data();
      metrics.dispose();
      if (!values.every(Number.isFinite)) throw new Error(`dcgan: non-finite metrics at step ${step}: ${Array.from(values).join(', ')}`);
      if (step % 100 === 0) {
        const line = names.map((k, i) => `${k} ${values[i].toFixed(3)}`).join(', ');
        log(`step ${step} (epoch ${epoch}): ${line}${step % HISTOGRAM_EVERY === 0 ? await histogram() : ''}`);
      }
    }
    const trainedSeconds = (performance.now() - start) / 1000;
    log(`trained ${step} steps in ${trainedSeconds.toFixed(0)} s; generating ${fidSamples} samples for FID/KID`);
    const figures: QualityFigure[] = [];
    if (network) {
      const test = loadUnit(dataset, 'test');
      const report = await computeSampleQuality(disposingChunks(sampleChunks(model, fidSamples, seed)), test, {
        network,
        metrics: ['fid', 'kid', 'histogram'],
        inputRange: 'symmetric',
      });
      test.dispose();
      const n = report.network;
      const about = `${report.numSamples} samples vs ${report.numReference} ${dataset} test images; features: ${n.name} ${n.featureLayer} (sha256 ${n.sha256.slice(0, 12)}, test accuracy ${(n.testAccuracy * 100).toFixed(2)}%)`;
      figures.push({ metric: `fid:${dataset}`, value: report.fid!, unit: '', note: `FID, ${about}` });
      if (report.kid) {
        const spread = `s.d. ${(report.kid.std * 1000).toFixed(2)} over ${report.kid.numSubsets} subsets of ${report.kid.subsetSize}`;
        figures.push({ metric: `kid:${dataset}`, value: report.kid.mean * 1000, unit: 'x1e-3', note: `KID (${spread}), ${about}` });
      }
      const h = report.classHistogram!;
      figures.push({
        metric: `classes:${dataset}`,
        value: h.klFromUniform,
        unit: 'nats',
        note: `KL(class histogram || uniform) of the samples (0 = balanced; mode collapse raises it); counts ${h.counts.join('/')}`,
      });
      network.dispose();
    }
    model.dispose();
    train.dispose();
    return { budgetSeconds: Math.round(trainedSeconds), stepsTrained: step, figures };
  },
};
