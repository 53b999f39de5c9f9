/** Exact denoisers of Gaussian mixtures, for testing samplers without a network. */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { DenoisingModel } from '../denoising-model.js';
import { type NoiseLevel, NoiseProcess, type NoiseProcessConfig } from '../noise-process.js';

export interface IsotropicMixture {
  /** Component means, [K][D]. */
  means: number[][];
  weights: number[];
  /** Per-component standard deviation (isotropic). */
  std: number;
}

/**
 * The score of the perturbed mixture at level (a, s): x ~ sum_k w_k N(a m_k, (a^2 tau^2 + s^2) I), so
 * score(x) = sum_k r_k(x) (a m_k - x) / v with responsibilities r_k. x: [N, D].
 */
export function mixtureScore(x: Tensor, level: NoiseLevel, mixture: IsotropicMixture): Tensor {
  return tf.tidy(() => {
    const a = level.signalScale;
    const v = a * a * mixture.std ** 2 + level.noiseStd ** 2;
    const means = tf.mul(tf.tensor2d(mixture.means), a); // [K, D]
    const diff = tf.sub(tf.expandDims(means, 0), tf.expandDims(x, 1)); // [N, K, D]
    const logits = tf.add(tf.log(tf.tensor1d(mixture.weights)), tf.div(tf.sum(tf.square(diff), 2), -2 * v)); // [N, K]
    const r = tf.softmax(logits, 1);
    return tf.div(tf.sum(tf.mul(tf.expandDims(r, 2), diff), 1), v);
  });
}

/** The exact epsilon-prediction -s * score at the level. */
export function mixtureEpsilon(x: Tensor, level: NoiseLevel, mixture: IsotropicMixture): Tensor {
  return tf.tidy(() => tf.mul(mixtureScore(x, level, mixture), -level.noiseStd));
}

/** Fraction of points nearest to each mean. */
export function modeProportions(points: Float32Array, dim: number, means: number[][]): number[] {
  const counts = new Array<number>(means.length).fill(0);
  const n = points.length / dim;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDistance = Infinity;
    means.forEach((m, k) => {
      let d = 0;
      for (let j = 0; j < dim; j++) d += (points[i * dim + j] - m[j]) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    });
    counts[best]++;
  }
  return counts.map((c) => c / n);
}

/**
 * A DenoisingModel whose denoiser is the exact epsilon-prediction of the mixture on `process`
 * (fractional levels through NoiseProcess.levelAt), counting its calls: pipelines run on it
 * without a network.
 */
export function exactMixtureModel(
  process: NoiseProcessConfig,
  mixture: IsotropicMixture,
): DenoisingModel & { calls: number; readonly timesteps: number[] } {
  const noiseProcess = new NoiseProcess(process);
  const model = {
    sampleShape: [mixture.means[0].length],
    process: noiseProcess,
    predictionType: 'epsilon' as const,
    calls: 0,
    timesteps: [] as number[],
    denoiser: () => (x: Tensor, t: number) => {
      model.calls++;
      model.timesteps.push(t);
      return mixtureEpsilon(x, noiseProcess.levelAt(t), mixture);
    },
  };
  return model;
}
