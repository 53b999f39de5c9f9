/**
 * What the denoiser predicts, and conversions between its output and (x_0, eps) at a level with
 * x = a x_0 + s eps:
 * - 'epsilon' (Ho et al. 2020): the noise eps; x_0 = (x - s eps) / a. The score is -eps / s.
 * - 'x0': the clean sample itself.
 * - 'v' (Salimans & Ho 2022, "Progressive Distillation"): v = a eps - s x_0, so that with
 *   r = a^2 + s^2 (1 for a variance-preserving process) x_0 = (a x - s v) / r, eps = (s x + a v) / r.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { NoiseLevel } from './noise-process.js';

export type PredictionType = 'epsilon' | 'x0' | 'v';

export const PREDICTION_TYPES: readonly PredictionType[] = ['epsilon', 'x0', 'v'];

export function checkPredictionType(value: unknown, where: string): asserts value is PredictionType {
  if (!PREDICTION_TYPES.includes(value as PredictionType)) {
    throw new Error(`${where}: predictionType must be 'epsilon', 'x0' or 'v', got ${JSON.stringify(value)}`);
  }
}

/** The training target for `type` given the clean sample, the noise and the (per-example) level. */
export function predictionTarget(
  type: PredictionType,
  x0: Tensor,
  noise: Tensor,
  signalScale: Tensor | number,
  noiseStd: Tensor | number,
): Tensor {
  if (type === 'epsilon') return noise.clone();
  if (type === 'x0') return x0.clone();
  return tf.tidy(() => tf.sub(tf.mul(noise, signalScale), tf.mul(x0, noiseStd)));
}

/** x_0 and eps implied by a model output at `level`. The caller owns both. */
export function toOriginalAndNoise(
  type: PredictionType,
  modelOutput: Tensor,
  sample: Tensor,
  level: NoiseLevel,
): { x0: Tensor; eps: Tensor } {
  const { signalScale: a, noiseStd: s } = level;
  return tf.tidy(() => {
    if (type === 'epsilon') {
      const x0 = tf.div(tf.sub(sample, tf.mul(modelOutput, s)), a);
      return { x0, eps: modelOutput.clone() };
    }
    if (type === 'x0') {
      // s = 0 only at the clean level, where no step runs; guard anyway.
      const eps = tf.div(tf.sub(sample, tf.mul(modelOutput, a)), Math.max(s, 1e-12));
      return { x0: modelOutput.clone(), eps };
    }
    const r = a * a + s * s;
    const x0 = tf.div(tf.sub(tf.mul(sample, a), tf.mul(modelOutput, s)), r);
    const eps = tf.div(tf.add(tf.mul(sample, s), tf.mul(modelOutput, a)), r);
    return { x0, eps };
  });
}
