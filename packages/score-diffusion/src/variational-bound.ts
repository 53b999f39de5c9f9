/**
 * The variational bound of a variance-preserving diffusion model on 8-bit images scaled to
 * [-1, 1] (Ho et al. 2020, eq. 5 and sec. 3.3):
 *   -log p(x_0) <= L_T + sum_{t=1}^{T-1} L_t + L_0,
 *   L_T = KL(q(x_T | x_0) || N(0, I)),  L_t = KL(q(x_{t-1} | x_t, x_0) || p(x_{t-1} | x_t)),
 *   L_0 = -log p(x_0 | x_1) with the discretized Gaussian decoder (256 bins).
 * The sum over t is estimated from `numTimesteps` stratified levels (exact when it covers every
 * level); the result is an unbiased estimate of the bound, in nats per example, never a likelihood.
 * p(x_{t-1} | x_t) is the reverse process the DDPM sampler draws from: the posterior
 * q(x_{t-1} | x_t, x_0 = predicted x_0) with the fixedSmall variance, the predicted x_0 clipped to
 * [-clipSample, clipSample] at every t exactly as the sampler clips it (Ho et al.'s and
 * improved-diffusion's evaluation clip it at every t too), and the decoder mean of L_0 likewise.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import { deriveSeed } from '@genmodels/core-nn';
import { posteriorCoefficients } from './ddpm-scheduler.js';
import type { Denoiser } from './denoising-model.js';
import type { NoiseProcess } from './noise-process.js';
import { toOriginalAndNoise, type PredictionType } from './prediction-type.js';

export interface VariationalBoundOptions {
  readonly numTimesteps: number;
  readonly seed: number;
  readonly predictionType: PredictionType;
  /** The sampler's clipping of the predicted x_0 (1 for images in [-1, 1]), or null for none. */
  readonly clipSample: number | null;
}

function sumPerExample(x: Tensor): Tensor1D {
  return tf.sum(x, Array.from({ length: x.rank - 1 }, (_, i) => i + 1)) as Tensor1D;
}

/** Standard normal CDF via erf. */
function normalCdf(x: Tensor): Tensor {
  return tf.mul(tf.add(tf.erf(tf.div(x, Math.SQRT2)), 1), 0.5);
}

/**
 * log P(x) of a Gaussian N(mean, std^2) discretized to 256 bins of width 2/255 on [-1, 1], with the
 * edge bins extended to infinity (Ho et al. 2020, eq. 13). Per example, summed over dimensions.
 */
export function discretizedGaussianLogLikelihood(x: Tensor, mean: Tensor, std: number): Tensor1D {
  return tf.tidy(() => {
    const halfBin = 1 / 255;
    const upper = tf.where(tf.greater(x, 0.999), tf.fill(x.shape, 1), normalCdf(tf.div(tf.sub(tf.add(x, halfBin), mean), std)));
    const lower = tf.where(tf.less(x, -0.999), tf.fill(x.shape, 0), normalCdf(tf.div(tf.sub(tf.sub(x, halfBin), mean), std)));
    // Far in the tails the CDF difference underflows in float32; fall back to the density times the bin width.
    const mass = tf.sub(upper, lower);
    const z = tf.div(tf.sub(x, mean), std);
    const logDensityBin = tf.add(tf.mul(tf.square(z), -0.5), Math.log((2 * halfBin) / (std * Math.sqrt(2 * Math.PI))));
    return sumPerExample(tf.where(tf.greater(mass, 1e-6), tf.log(tf.maximum(mass, 1e-12)), logDensityBin));
  });
}

/** Per-example negative bound in nats. */
export function diffusionNegativeBound(process: NoiseProcess, denoise: Denoiser, x0: Tensor, options: VariationalBoundOptions): Tensor1D {
  if (!process.isVariancePreserving) throw new Error('variational bound: defined for the variance-preserving (DDPM) process only');
  const T = process.numLevels;
  if (T < 2) throw new Error('variational bound: needs at least 2 timesteps');
  const { seed, predictionType, clipSample } = options;
  if (clipSample !== null && !(clipSample > 0)) throw new Error(`variational bound: clipSample must be positive or null, got ${clipSample}`);
  // x_0 as the sampler predicts it (SchedulerBase.predict).
  const predictedOriginal = (xt: Tensor, t: number): Tensor => {
    const { x0, eps } = toOriginalAndNoise(predictionType, denoise(xt, t), xt, process.level(t));
    eps.dispose();
    return clipSample === null ? x0 : tf.clipByValue(x0, -clipSample, clipSample);
  };
  const noiseAt = (t: number) => tf.randomNormal(x0.shape, 0, 1, 'float32', deriveSeed(seed, t));
  return tf.tidy(() => {
    // L_T: KL(N(a x0, s^2) || N(0, 1)) per dimension.
    const last = process.level(T - 1);
    const lt = sumPerExample(
      tf.mul(tf.sub(tf.add(tf.mul(tf.square(x0), last.signalScale ** 2), last.noiseStd ** 2), 1 + Math.log(last.noiseStd ** 2)), 0.5),
    );
    let total: Tensor1D = lt;
    // L_0: the decoder at level 0, std = sqrt of the posterior variance at level 1 (Ho et al.'s clipped log variance).
    const x1 = process.addNoise(x0, noiseAt(0), 0);
    const decoderStd = Math.sqrt(posteriorCoefficients(process.level(1), process.level(0)).variance);
    total = tf.sub(total, discretizedGaussianLogLikelihood(x0, predictedOriginal(x1, 0), decoderStd)) as Tensor1D;
    // sum_{t=1}^{T-1} L_t, stratified over [1, T - 1].
    const count = Math.min(options.numTimesteps, T - 1);
    const strata = (T - 1) / count;
    for (let k = 0; k < count; k++) {
      const start = 1 + Math.floor(k * strata);
      const end = 1 + Math.floor((k + 1) * strata);
      const u = (deriveSeed(seed, 0x5f, k) % 100000) / 100000;
      const t = Math.min(end - 1, start + Math.floor(u * (end - start)));
      const xt = process.addNoise(x0, noiseAt(t), t);
      const predicted = predictedOriginal(xt, t);
      const c = posteriorCoefficients(process.level(t), process.level(t - 1));
      // Same variance on both sides (fixedSmall): KL = |mu_q - mu_p|^2 / (2 var) = c0^2 |x0 - x0_hat|^2 / (2 var).
      const kl = tf.mul(sumPerExample(tf.square(tf.sub(x0, predicted))), c.originalCoefficient ** 2 / (2 * c.variance));
      total = tf.add(total, tf.mul(kl, end - start)) as Tensor1D;
    }
    return total;
  });
}
