/**
 * What the bench-spec tasks ddpm and ncsn share (tasks in ddpm.ts and ncsn.ts): Fashion-MNIST (or MNIST) scaled to [-1, 1], batch 128; the
 * score-diffusion package's default UNet is the bench-spec network (Conv3x3 32; ResBlocks 32 @28,
 * 64 @14, 128 @7 with Conv3x3 stride-2 downsampling; nearest x2 + Conv3x3 upsampling with concat
 * skips; GN(8) -> SiLU -> Conv3x3 1; time: sinusoidal 32 -> Dense 128 -> SiLU -> Dense 128).
 * - ddpm: T = 1000 linear betas 1e-4 .. 0.02, MSE on epsilon, Adam 2e-4. Sampling: 1000-step
 *   ancestral (task ddpm) and 50-step DDIM (task ddpm-ddim50, the same training step).
 * - ncsn: the UNet on log sigma, 10 sigmas geometric 1 .. 0.01, sigma^2-weighted DSM, Adam 1e-3.
 *   Sampling: annealed Langevin, 10 sigmas x 10 steps.
 * Both models keep an EMA of the weights (decay 0.999), updated in every timed training step.
 * A timed step reads the loss back. Quality: FID and KID of 10 000 samples (DDIM 50 steps for
 * ddpm, Langevin 10 x 10 for ncsn) against the 10 000 test images on the eval package's features.
 */
import { imagesToTensor } from '@genmodels/core-data';
import { loadImageDataset } from '@genmodels/core-data/node';
import { stepSeed } from '@genmodels/core-nn';
import { computeSampleQuality } from '@genmodels/eval';
import { loadFeatureNetwork } from '@genmodels/eval/node';
import type { FeatureNetwork } from '@genmodels/eval';
import type { DiffusionModel, DiffusionSampleOptions } from '@genmodels/score-diffusion';
import type * as tf from '@tensorflow/tfjs-core';
import { ModelWorkload } from './model-workload.js';
import type { BenchTask, QualityFigure, ThroughputHandle } from './bench-task.js';

const BATCH = 128;
const SAMPLE_BATCH = 64;
/** bench-spec: 10 000 generated vs 10 000 test images. */
const GENERATE_CHUNK = 250;

export interface DiffusionTaskSpec {
  name: string;
  description: string;
  create(seed: number): DiffusionModel;
  /** The sampler timed by sampleCall, and how the bench prints it. */
  timedSampler: DiffusionSampleOptions;
  describeTimedSampler: string;
  /** The sampler used for the FID samples. */
  fidSampler: DiffusionSampleOptions;
  describeFidSampler: string;
}

function loadSymmetric(dataset: 'fashion-mnist' | 'mnist', split: 'train' | 'test'): tf.Tensor {
  return imagesToTensor(loadImageDataset(dataset, { split }), { preprocessing: 'symmetric', flatten: false });
}

function loadUnit(dataset: 'fashion-mnist' | 'mnist', split: 'train' | 'test'): tf.Tensor {
  return imagesToTensor(loadImageDataset(dataset, { split }), { preprocessing: 'unit', flatten: false });
}

function disposingChunks(model: DiffusionModel, count: number, seed: number, sampler: DiffusionSampleOptions): Iterable<tf.Tensor> {
  return {
    *[Symbol.iterator]() {
      for (let start = 0, i = 0; start < count; start += GENERATE_CHUNK, i++) {
        const chunk = model.sample(Math.min(GENERATE_CHUNK, count - start), { ...sampler, seed: stepSeed(seed, 1_000_000 + i) });
        try {
          yield chunk;
        } finally {
          chunk.dispose();
        }
      }
    },
  };
}

export function diffusionTask(spec: DiffusionTaskSpec): BenchTask {
  return {
    name: spec.name,
    description: spec.description,
    sampler: spec.describeTimedSampler,
    createModel: spec.create,

    async setupThroughput({ dataset, seed }): Promise<ThroughputHandle> {
      return new ModelWorkload(spec.create(seed), loadSymmetric(dataset, 'train'), BATCH, seed).throughputHandle(SAMPLE_BATCH, { ...spec.timedSampler });
    },

    async quality({ dataset, budgetSeconds, seed, fidSamples, log }) {
      const workload = new ModelWorkload(spec.create(seed), loadSymmetric(dataset, 'train'), BATCH, seed);
      const model = workload.model;
      let network: FeatureNetwork | null = null;
      try {
        network = loadFeatureNetwork(dataset);
      } catch (error) {
        log(`no ${dataset} feature network: ${(error as Error).message.split('\n')[0]}; FID/KID are skipped`);
      }
      const trainedSeconds = await workload.trainFor(budgetSeconds, (step, epoch, loss) => {
        if (step % 50 === 0) log(`step ${step} (epoch ${epoch}): loss ${loss.toFixed(4)}`);
      });
      const step = workload.step;
      log(`trained ${step} steps in ${trainedSeconds.toFixed(0)} s; generating ${fidSamples} samples (${spec.describeFidSampler}) for FID/KID`);
      const figures: QualityFigure[] = [];
      if (network) {
        const test = loadUnit(dataset, 'test');
        const report = await computeSampleQuality(disposingChunks(model, fidSamples, seed, spec.fidSampler), test, {
          network,
          metrics: ['fid', 'kid'],
          inputRange: 'symmetric',
        });
        test.dispose();
        const n = report.network;
        const about = `${report.numSamples} samples (${spec.describeFidSampler}, EMA weights) vs ${report.numReference} ${dataset} test images; features: ${n.name} ${n.featureLayer} (sha256 ${n.sha256.slice(0, 12)}, test accuracy ${(n.testAccuracy * 100).toFixed(2)}%)`;
        figures.push({ metric: `fid:${dataset}`, value: report.fid!, unit: '', note: `FID, ${about}` });
        if (report.kid) {
          const spread = `s.d. ${(report.kid.std * 1000).toFixed(2)} over ${report.kid.numSubsets} subsets of ${report.kid.subsetSize}`;
          figures.push({ metric: `kid:${dataset}`, value: report.kid.mean * 1000, unit: 'x1e-3', note: `KID (${spread}), ${about}` });
        }
        network.dispose();
      }
      workload.dispose();
      return { budgetSeconds: Math.round(trainedSeconds), stepsTrained: step, figures };
    },
  };
}
