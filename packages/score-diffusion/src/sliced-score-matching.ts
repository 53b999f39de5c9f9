/**
 * Sliced score matching on the perturbed data (Hyvarinen 2005; Song et al. 2019, "Sliced Score
 * Matching"), with the directional derivative by central finite differences (Pang et al. 2020),
 * weighted by s^2 (the NCSN weighting):
 *   s^2 [ v^T (score(x + h v) - score(x - h v)) / (2h) + |score(x)|^2 / 2 ],  v ~ N(0, I).
 * For low-dimensional data (the MLP).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import type { DenoiserNetwork } from './denoiser-network.js';
import type { PredictionType } from './prediction-type.js';

/** Step h of the central finite difference (Pang et al. 2020). */
const FINITE_DIFFERENCE_STEP = 1e-2;

/** eps implied by a network output at per-example levels a, s (broadcastable tensors). */
function epsilonFromOutput(predictionType: PredictionType, output: Tensor, sample: Tensor, a: Tensor, s: Tensor): Tensor {
  switch (predictionType) {
    case 'epsilon':
      return output;
    case 'x0':
      return tf.div(tf.sub(sample, tf.mul(a, output)), s);
    default: {
      const r = tf.add(tf.square(a), tf.square(s));
      return tf.div(tf.add(tf.mul(s, sample), tf.mul(a, output)), r);
    }
  }
}

/** The mean loss over the batch of perturbed samples xt at levels (a, s), [batch, 1...]. */
export function slicedScoreMatchingLoss(
  network: DenoiserNetwork,
  predictionType: PredictionType,
  xt: Tensor,
  conditioning: Tensor1D,
  s: Tensor,
  a: Tensor,
  seed: number,
): tf.Scalar {
  const h = FINITE_DIFFERENCE_STEP;
  const v = tf.randomNormal(xt.shape, 0, 1, 'float32', seed);
  const inputs = tf.concat([xt, tf.add(xt, tf.mul(v, h)), tf.sub(xt, tf.mul(v, h))], 0);
  const cond3 = tf.concat([conditioning, conditioning, conditioning]) as Tensor1D;
  const outputs = network.apply(inputs, cond3);
  const s3 = tf.concat([s, s, s], 0);
  const a3 = tf.concat([a, a, a], 0);
  // score = -eps / s, from whatever the network predicts
  const score = tf.div(epsilonFromOutput(predictionType, outputs, inputs, a3, s3), tf.neg(s3));
  const [center, plus, minus] = tf.split(score, 3, 0);
  const axes = Array.from({ length: xt.rank - 1 }, (_, i) => i + 1);
  const trace = tf.div(tf.sum(tf.mul(v, tf.sub(plus, minus)), axes), 2 * h);
  const norm = tf.mul(tf.sum(tf.square(center), axes), 0.5);
  const weight = tf.reshape(tf.square(s), [xt.shape[0]]);
  return tf.mean(tf.mul(weight, tf.add(trace, norm))) as tf.Scalar;
}
