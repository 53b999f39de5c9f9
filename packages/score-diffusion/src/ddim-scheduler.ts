/**
 * DDIM (Song, Meng & Ermon 2021, "Denoising Diffusion Implicit Models", eq. 12): with predicted
 * x_0 and eps at level t,
 *   x_prev = a_prev x_0 + sqrt(s_prev^2 - sigma^2) eps + sigma z,
 *   sigma^2 = eta^2 * s_prev^2 / s_t^2 * (s_t^2 - (a_t / a_prev)^2 s_prev^2),
 * deterministic for eta = 0 and the DDPM posterior (same mean, same variance) for eta = 1.
 * Timesteps may skip levels, so a DDPM-trained denoiser samples in tens of steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { CLEAN_LEVEL, type NoiseLevel, type NoiseProcessConfig } from './noise-process.js';
import type { PredictionType } from './prediction-type.js';
import type { BaseSchedulerConfig, Scheduler, SchedulerStepOptions, SchedulerStepOutput, TimestepSpacing } from './scheduler.js';
import { BASE_SCHEDULER_DEFAULTS, SchedulerBase, gaussianLike } from './scheduler-base.js';
import { selectTimesteps } from './select-timesteps.js';

export interface DDIMSchedulerConfig extends BaseSchedulerConfig {
  /** 0: deterministic DDIM; 1: DDPM-like ancestral sampling. */
  readonly eta: number;
}

export type DDIMSchedulerOptions = {
  readonly process: NoiseProcessConfig;
  readonly predictionType?: PredictionType;
  readonly clipSample?: number | null;
  readonly timestepSpacing?: TimestepSpacing;
  readonly eta?: number;
};

/** The DDIM noise variance sigma^2 between two levels for a given eta (eq. 16). */
export function ddimVariance(current: NoiseLevel, previous: NoiseLevel, eta: number): number {
  const alpha = current.signalScale / previous.signalScale;
  const transition = Math.max(0, current.noiseStd ** 2 - alpha ** 2 * previous.noiseStd ** 2);
  return eta * eta * (previous.noiseStd ** 2 / current.noiseStd ** 2) * transition;
}

/** One DDIM update from predicted x_0 and eps (eq. 12). */
export function ddimStep(x0: Tensor, eps: Tensor, previous: NoiseLevel, variance: number, seed?: number): Tensor {
  return tf.tidy(() => {
    const direction = Math.sqrt(Math.max(0, previous.noiseStd ** 2 - variance));
    let out = tf.add(tf.mul(x0, previous.signalScale), tf.mul(eps, direction));
    if (variance > 0) out = tf.add(out, tf.mul(gaussianLike(x0, seed), Math.sqrt(variance)));
    return out;
  });
}

export class DDIMScheduler extends SchedulerBase<DDIMSchedulerConfig> implements Scheduler {
  readonly name = 'ddim' as const;

  constructor(options: DDIMSchedulerOptions) {
    const config: DDIMSchedulerConfig = { ...BASE_SCHEDULER_DEFAULTS, eta: 0, ...options };
    if (!(typeof config.eta === 'number' && config.eta >= 0 && Number.isFinite(config.eta))) {
      throw new Error(`DDIMScheduler config: eta must be a number >= 0 (0 deterministic, 1 DDPM-like), got ${JSON.stringify(config.eta)}`);
    }
    super(config);
    this.setTimesteps(Math.min(50, this.process.numLevels));
  }

  setTimesteps(numInferenceSteps: number): void {
    this.steps = selectTimesteps(this.process.numLevels, numInferenceSteps, this.config.timestepSpacing);
  }

  levelBefore(index: number): NoiseLevel {
    this.checkIndex(index);
    return this.process.level(this.steps[index]);
  }

  levelAfter(index: number): NoiseLevel {
    this.checkIndex(index);
    return this.process.level(index + 1 < this.steps.length ? this.steps[index + 1] : CLEAN_LEVEL);
  }

  /** The variance of the noise step `index` adds. */
  stepVariance(index: number): number {
    return ddimVariance(this.levelBefore(index), this.levelAfter(index), this.config.eta);
  }

  step(modelOutput: Tensor, index: number, sample: Tensor, options: SchedulerStepOptions = {}): SchedulerStepOutput {
    const current = this.levelBefore(index);
    const previous = this.levelAfter(index);
    const { x0, eps } = this.predict(modelOutput, sample, current);
    const prevSample = ddimStep(x0, eps, previous, ddimVariance(current, previous, this.config.eta), options.seed);
    eps.dispose();
    return { prevSample, predOriginalSample: x0 };
  }

  /**
   * The reverse of a deterministic (eta = 0) step: from x at level `from` to the noisier level `to`
   * along the same ODE discretisation, x_to = a_to x_0 + s_to eps (Song et al. 2021, sec. 4.3, "DDIM
   * inversion"). `modelOutput` is the network output at `from`. `prevSample` is the sample at `to`;
   * the caller owns both outputs.
   */
  invertStep(modelOutput: Tensor, sample: Tensor, from: NoiseLevel, to: NoiseLevel): SchedulerStepOutput {
    const { x0, eps } = this.predict(modelOutput, sample, from);
    const prevSample = tf.tidy(() => tf.add(tf.mul(x0, to.signalScale), tf.mul(eps, to.noiseStd)));
    eps.dispose();
    return { prevSample, predOriginalSample: x0 };
  }
}
