/**
 * Annealed Langevin dynamics (Song & Ermon 2019, "Generative Modeling by Estimating Gradients of
 * the Data Distribution", Algorithm 1): for noise levels sigma_1 > ... > sigma_L, run
 *   x <- x + (alpha_i / 2) score(x, sigma_i) + sqrt(alpha_i) z,   alpha_i = stepSize * sigma_i^2 / sigma_min^2
 * `stepsPerLevel` times per level, sigma_min being the process's smallest level (sigma_L of the paper
 * when every level is used; a strided ladder keeps the same step size per level). With a denoiser predicting eps the score is -eps / s_i. An
 * optional last step returns Tweedie's posterior mean x + sigma_L^2 score (Jolicoeur-Martineau
 * et al. 2021, "Adversarial Score Matching and Improved Sampling"; Song & Ermon 2020, NCSNv2).
 * On a variance-preserving process the levels also differ in signal scale a_t, so the sample is
 * rescaled by a_next / a_t when the ladder moves on (Langevin on x / a_t, whose levels differ in
 * noise only); on a variance-exploding process a_t = 1 and this is Algorithm 1 exactly.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { CLEAN, type NoiseLevel, type NoiseProcessConfig } from './noise-process.js';
import { toOriginalAndNoise, type PredictionType } from './prediction-type.js';
import type { BaseSchedulerConfig, Scheduler, SchedulerStepOptions, SchedulerStepOutput, TimestepSpacing } from './scheduler.js';
import { BASE_SCHEDULER_DEFAULTS, SchedulerBase, gaussianLike } from './scheduler-base.js';
import { selectTimesteps } from './select-timesteps.js';

export interface AnnealedLangevinSchedulerConfig extends BaseSchedulerConfig {
  readonly stepsPerLevel: number;
  /**
   * epsilon of Algorithm 1: the step size at the process's smallest noise level. alpha / sigma^2 =
   * stepSize / sigma_min^2 is the step relative to the noise variance (0.5 for 5e-5 with sigma_min 0.01).
   */
  readonly stepSize: number;
  /** Append one Tweedie denoising step at the smallest level. */
  readonly denoiseFinal: boolean;
}

export type AnnealedLangevinSchedulerOptions = {
  readonly process: NoiseProcessConfig;
  readonly predictionType?: PredictionType;
  readonly clipSample?: number | null;
  readonly timestepSpacing?: TimestepSpacing;
  readonly stepsPerLevel?: number;
  readonly stepSize?: number;
  readonly denoiseFinal?: boolean;
};

/** x + (alpha / 2) score + sqrt(alpha) z: one Langevin step (Welling & Teh 2011; Song & Ermon 2019, eq. 4). */
export function langevinStep(sample: Tensor, score: Tensor, stepSize: number | Tensor, seed?: number): Tensor {
  return tf.tidy(() => {
    const drift = tf.mul(score, tf.div(stepSize, 2));
    const diffusion = tf.mul(gaussianLike(sample, seed), tf.sqrt(stepSize));
    return tf.add(tf.add(sample, drift), diffusion);
  });
}

export class AnnealedLangevinScheduler extends SchedulerBase<AnnealedLangevinSchedulerConfig> implements Scheduler {
  readonly name = 'langevin' as const;
  /** The noise levels of the current ladder, noisiest first. */
  private levels: number[] = [];

  constructor(options: AnnealedLangevinSchedulerOptions) {
    const config: AnnealedLangevinSchedulerConfig = {
      ...BASE_SCHEDULER_DEFAULTS,
      stepsPerLevel: 10,
      stepSize: 5e-5,
      denoiseFinal: true,
      ...options,
    };
    if (!(Number.isInteger(config.stepsPerLevel) && config.stepsPerLevel >= 1)) {
      throw new Error(`AnnealedLangevinScheduler config: stepsPerLevel must be a positive integer, got ${JSON.stringify(config.stepsPerLevel)}`);
    }
    if (!(typeof config.stepSize === 'number' && config.stepSize > 0 && Number.isFinite(config.stepSize))) {
      throw new Error(`AnnealedLangevinScheduler config: stepSize must be a positive number (e.g. 5e-5), got ${JSON.stringify(config.stepSize)}`);
    }
    super(config);
    this.setTimesteps(Math.min(10, this.process.numLevels));
  }

  /** Uses `numLevels` noise levels of the process, each for stepsPerLevel steps. */
  setTimesteps(numLevels: number): void {
    this.levels = selectTimesteps(this.process.numLevels, numLevels, this.config.timestepSpacing);
    const steps: number[] = [];
    for (const t of this.levels) for (let k = 0; k < this.config.stepsPerLevel; k++) steps.push(t);
    if (this.config.denoiseFinal) steps.push(this.levels[this.levels.length - 1]);
    this.steps = steps;
  }

  /** The noise levels of the ladder, noisiest first. */
  get noiseLevels(): readonly number[] {
    return this.levels;
  }

  private isDenoisingStep(index: number): boolean {
    return this.config.denoiseFinal && index === this.steps.length - 1;
  }

  /** alpha_i = stepSize * s_i^2 / s_min^2 for the level of step `index`. */
  stepSizeAt(index: number): number {
    this.checkIndex(index);
    const smallest = this.process.level(0).noiseStd;
    return this.config.stepSize * (this.process.level(this.steps[index]).noiseStd / smallest) ** 2;
  }

  levelBefore(index: number): NoiseLevel {
    this.checkIndex(index);
    return this.process.level(this.steps[index]);
  }

  levelAfter(index: number): NoiseLevel {
    if (this.isDenoisingStep(index)) return CLEAN;
    this.checkIndex(index);
    return index + 1 < this.steps.length ? this.process.level(this.steps[index + 1]) : this.levelBefore(index);
  }

  step(modelOutput: Tensor, index: number, sample: Tensor, options: SchedulerStepOptions = {}): SchedulerStepOutput {
    const level = this.levelBefore(index);
    // The dynamics follow the raw score; clipSample only bounds the reported x_0.
    const { x0: rawX0, eps } = toOriginalAndNoise(this.config.predictionType, modelOutput, sample, level);
    const clip = this.config.clipSample;
    const x0 = clip === null ? rawX0 : tf.tidy(() => tf.clipByValue(rawX0, -clip, clip));
    if (x0 !== rawX0) rawX0.dispose();
    if (this.isDenoisingStep(index)) {
      eps.dispose();
      return { prevSample: x0.clone(), predOriginalSample: x0 };
    }
    const rescale = this.levelAfter(index).signalScale / level.signalScale;
    const prevSample = tf.tidy(() => {
      const next = langevinStep(sample, tf.div(eps, -level.noiseStd), this.stepSizeAt(index), options.seed);
      return rescale === 1 ? next : tf.mul(next, rescale);
    });
    eps.dispose();
    return { prevSample, predOriginalSample: x0 };
  }
}
