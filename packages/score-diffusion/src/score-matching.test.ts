/**
 * Denoising score matching recovers a known score: an MLP trained on a 1-D Gaussian mixture
 * learns, at several noise levels, a score close to the analytic score of the perturbed mixture
 * (relative L2 error under the perturbed density; short seeded runs, so the bounds are loose:
 * 300 steps give 0.25 to 0.32 from about 1.1 untrained).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { ScoreObjective } from './diffusion-config.js';
import { NCSN } from './ncsn.js';
import { mixtureScore, type IsotropicMixture } from './test-utils/gaussian-mixture.js';

const MIXTURE: IsotropicMixture = { means: [[-1.5], [1.5]], weights: [0.3, 0.7], std: 0.3 };

function mixtureData(n: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const pick = tf.less(tf.randomUniform([n, 1], 0, 1, 'float32', seed), MIXTURE.weights[0]);
    const means = tf.where(pick, tf.fill([n, 1], MIXTURE.means[0][0]), tf.fill([n, 1], MIXTURE.means[1][0]));
    return tf.add(means, tf.randomNormal([n, 1], 0, MIXTURE.std, 'float32', seed + 1)) as tf.Tensor2D;
  });
}

/** Relative L2 error of the learned score against the exact one, weighted by the perturbed density. */
function scoreError(model: NCSN, level: number): number {
  return tf.tidy(() => {
    const sigma = model.process.level(level).noiseStd;
    // points drawn from the perturbed mixture
    const x = tf.add(mixtureData(2000, 77), tf.randomNormal([2000, 1], 0, sigma, 'float32', 78));
    const eps = model.networkOutput(x, tf.fill([2000], model.process.conditioning(level)) as tf.Tensor1D);
    const learned = tf.div(eps, -sigma);
    const exact = mixtureScore(x, model.process.level(level), MIXTURE);
    return tf.div(tf.norm(tf.sub(learned, exact)), tf.norm(exact)).dataSync()[0];
  });
}

function train(objective: ScoreObjective, steps: number): NCSN {
  const model = new NCSN({
    inputShape: [1],
    network: 'mlp',
    hiddenUnits: [48, 48],
    sinusoidalDim: 16,
    numLevels: 3,
    sigmaMin: 0.2,
    sigmaMax: 0.8,
    objective,
    emaDecay: null,
    clipSample: null,
    seed: 3,
    optimizer: { learningRate: 1e-2 },
  });
  const data = mixtureData(4096, 11);
  for (let step = 0; step < steps; step++) {
    const batch = tf.slice(data, [(step * 128) % 4096, 0], [128, 1]);
    tf.dispose(Object.values(model.trainStep(batch, { step, epoch: 0, seed: 1000 + step })));
    batch.dispose();
  }
  data.dispose();
  return model;
}

describe('score matching on a 1-D Gaussian mixture', () => {
  it('denoising score matching learns the analytic score at several sigmas', () => {
    const untrained = train('dsm', 0);
    const before = [0, 1, 2].map((level) => scoreError(untrained, level));
    untrained.dispose();
    const model = train('dsm', 300);
    try {
      for (const level of [0, 1, 2]) {
        const error = scoreError(model, level);
        expect(error, `sigma ${model.process.level(level).noiseStd.toFixed(2)}: relative error ${error} (untrained ${before[level]})`).toBeLessThan(0.35);
        expect(error).toBeLessThan(before[level] / 3);
      }
    } finally {
      model.dispose();
    }
  });

  it('sliced score matching (finite-difference Hutchinson trace) learns it too', () => {
    const untrained = train('ssm', 0);
    const before = [0, 1, 2].map((level) => scoreError(untrained, level));
    untrained.dispose();
    const model = train('ssm', 300);
    try {
      for (const level of [0, 1, 2]) {
        const error = scoreError(model, level);
        expect(error, `sigma ${model.process.level(level).noiseStd.toFixed(2)}: relative error ${error}`).toBeLessThan(0.45);
        expect(error).toBeLessThan(before[level] / 2);
      }
    } finally {
      model.dispose();
    }
  });
});
