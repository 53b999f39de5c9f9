/**
 * Ancestral sampling of DDPM (Ho et al. 2020, "Denoising Diffusion Probabilistic Models",
 * Algorithm 2), generalised to strided timesteps and to any process x_t = a_t x_0 + s_t eps: each
 * step samples the Gaussian posterior q(x_prev | x_t, x_0 = predicted x_0).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { CLEAN_LEVEL, type NoiseLevel, type NoiseProcessConfig } from './noise-process.js';
import type { PredictionType } from './prediction-type.js';
import type { BaseSchedulerConfig, Scheduler, SchedulerStepOptions, SchedulerStepOutput, TimestepSpacing } from './scheduler.js';
import { BASE_SCHEDULER_DEFAULTS, SchedulerBase, gaussianLike } from './scheduler-base.js';
import { selectTimesteps } from './select-timesteps.js';

/**
 * - 'fixedSmall': the posterior variance beta~_t = s_prev^2 / s_t^2 * sigma_{t|prev}^2 (Ho et al. 2020,
 *   the lower bound on the reverse variance; best for a known x_0).
 * - 'fixedLarge': sigma_{t|prev}^2 = beta_t itself (the upper bound; Ho et al. found similar FID).
 */
export type VarianceType = 'fixedSmall' | 'fixedLarge';

export interface DDPMSchedulerConfig extends BaseSchedulerConfig {
  readonly varianceType: VarianceType;
}

export type DDPMSchedulerOptions = {
  readonly process: NoiseProcessConfig;
  readonly predictionType?: PredictionType;
  readonly clipSample?: number | null;
  readonly timestepSpacing?: TimestepSpacing;
  readonly varianceType?: VarianceType;
};

/** Mean coefficients and variance of q(x_prev | x_t, x_0) between two levels. */
export interface PosteriorCoefficients {
  /** Coefficient of x_0 in the posterior mean. */
  readonly originalCoefficient: number;
  /** Coefficient of x_t in the posterior mean. */
  readonly sampleCoefficient: number;
  /** The posterior variance (fixedSmall). */
  readonly variance: number;
  /** The transition variance sigma_{t|prev}^2 (fixedLarge; beta_t for a one-step VP transition). */
  readonly transitionVariance: number;
}

/**
 * q(x_prev | x_t, x_0) for x_t = alpha x_prev + sigma noise with alpha = a_t / a_prev and
 * sigma^2 = s_t^2 - alpha^2 s_prev^2 (Kingma et al. 2021, eq. 30-32; for the DDPM process this is
 * Ho et al. 2020, eq. 6-7).
 */
export function posteriorCoefficients(current: NoiseLevel, previous: NoiseLevel): PosteriorCoefficients {
  const alpha = current.signalScale / previous.signalScale;
  const transitionVariance = Math.max(0, current.noiseStd ** 2 - alpha ** 2 * previous.noiseStd ** 2);
  const st2 = current.noiseStd ** 2;
  return {
    originalCoefficient: (previous.signalScale * transitionVariance) / st2,
    sampleCoefficient: (alpha * previous.noiseStd ** 2) / st2,
    variance: (transitionVariance * previous.noiseStd ** 2) / st2,
    transitionVariance,
  };
}

/**
 * One ancestral step: the posterior mean at predicted x_0 plus noise with the chosen variance; no
 * noise is added when stepping to the clean level.
 */
export function ancestralStep(
  x0: Tensor,
  sample: Tensor,
  current: NoiseLevel,
  previous: NoiseLevel,
  varianceType: VarianceType,
  seed?: number,
): Tensor {
  const c = posteriorCoefficients(current, previous);
  return tf.tidy(() => {
    const mean = tf.add(tf.mul(x0, c.originalCoefficient), tf.mul(sample, c.sampleCoefficient));
    if (previous.noiseStd === 0) return mean;
    const variance = varianceType === 'fixedSmall' ? c.variance : c.transitionVariance;
    return tf.add(mean, tf.mul(gaussianLike(sample, seed), Math.sqrt(variance)));
  });
}

export class DDPMScheduler extends SchedulerBase<DDPMSchedulerConfig> implements Scheduler {
  readonly name = 'ddpm' as const;

  constructor(options: DDPMSchedulerOptions) {
    const config: DDPMSchedulerConfig = { ...BASE_SCHEDULER_DEFAULTS, varianceType: 'fixedSmall', ...options };
    if (config.varianceType !== 'fixedSmall' && config.varianceType !== 'fixedLarge') {
      throw new Error(`DDPMScheduler config: varianceType must be 'fixedSmall' or 'fixedLarge', got ${JSON.stringify(config.varianceType)}`);
    }
    super(config);
    this.setTimesteps(this.process.numLevels);
  }

  setTimesteps(numInferenceSteps: number): void {
    this.steps = selectTimesteps(this.process.numLevels, numInferenceSteps, this.config.timestepSpacing);
  }

  /** The level after step `index`: the next timestep, or clean after the last. */
  private previousTimestep(index: number): number {
    return index + 1 < this.steps.length ? this.steps[index + 1] : CLEAN_LEVEL;
  }

  levelBefore(index: number): NoiseLevel {
    this.checkIndex(index);
    return this.process.level(this.steps[index]);
  }

  levelAfter(index: number): NoiseLevel {
    this.checkIndex(index);
    return this.process.level(this.previousTimestep(index));
  }

  /** The variance of the noise step `index` adds (0 for the last step). */
  stepVariance(index: number): number {
    const previous = this.levelAfter(index);
    if (previous.noiseStd === 0) return 0;
    const c = posteriorCoefficients(this.levelBefore(index), previous);
    return this.config.varianceType === 'fixedSmall' ? c.variance : c.transitionVariance;
  }

  step(modelOutput: Tensor, index: number, sample: Tensor, options: SchedulerStepOptions = {}): SchedulerStepOutput {
    const current = this.levelBefore(index);
    const previous = this.levelAfter(index);
    const { x0, eps } = this.predict(modelOutput, sample, current);
    eps.dispose();
    const prevSample = ancestralStep(x0, sample, current, previous, this.config.varianceType, options.seed);
    return { prevSample, predOriginalSample: x0 };
  }
}
