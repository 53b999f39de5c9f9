/**
 * The training objective of DDPM and NCSN on one batch: a level t uniform over the process's
 * levels and noise eps per example, x_t = a_t x + s_t eps (q(x_t | x_0)), then
 * - 'dsm': denoising score matching (Vincent 2011) as the MSE between the network output and its
 *   prediction target (eps, x_0 or v): Ho et al.'s L_simple for DDPM, the sigma^2-weighted DSM of
 *   Song & Ermon 2019 for NCSN;
 * - 'ssm': sliced score matching (sliced-score-matching.ts).
 * Class labels are dropped to the "no label" class with classDropProbability, so the network also
 * learns the unconditional output that classifier-free guidance needs (Ho & Salimans 2022).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import { stepSeeds } from '@genmodels/core-nn';
import type { DenoiserNetwork } from './denoiser-network.js';
import type { DiffusionConfig } from './diffusion-config.js';
import type { NoiseProcess } from './noise-process.js';
import { predictionTarget } from './prediction-type.js';
import { slicedScoreMatchingLoss } from './sliced-score-matching.js';

export type DiffusionLossConfig = Pick<DiffusionConfig, 'objective' | 'predictionType' | 'numClasses' | 'classDropProbability'>;

/** The scalar loss for clean samples `x` (and labels for a class-conditional model), randomness from `seed`. */
export function diffusionLoss(network: DenoiserNetwork, process: NoiseProcess, config: DiffusionLossConfig, x: Tensor, labels: Tensor | null, seed: number): tf.Scalar {
  const [levelSeed, noiseSeed, dropSeed, sliceSeed] = stepSeeds(seed, 4);
  const n = x.shape[0];
  const t = tf.randomUniform([n], 0, process.numLevels, 'int32', levelSeed) as Tensor1D;
  const noise = tf.randomNormal(x.shape, 0, 1, 'float32', noiseSeed);
  const xt = process.addNoise(x, noise, t);
  const conditioning = process.conditioningOf(t) as Tensor1D;
  let netLabels: Tensor1D | undefined;
  if (labels) {
    const drop = tf.less(tf.randomUniform([n], 0, 1, 'float32', dropSeed), config.classDropProbability);
    netLabels = tf.where(drop, tf.fill([n], config.numClasses, 'int32'), tf.cast(labels, 'int32')) as Tensor1D;
  }
  const broadcast = [n, ...new Array<number>(x.rank - 1).fill(1)];
  const a = tf.reshape(process.gather(process.signalScales, t), broadcast);
  const s = tf.reshape(process.gather(process.noiseStds, t), broadcast);
  if (config.objective === 'ssm') return slicedScoreMatchingLoss(network, config.predictionType, xt, conditioning, s, a, sliceSeed);
  const output = network.apply(xt, conditioning, netLabels);
  const target = predictionTarget(config.predictionType, x, noise, a, s);
  return tf.mean(tf.square(tf.sub(output, target))) as tf.Scalar;
}
