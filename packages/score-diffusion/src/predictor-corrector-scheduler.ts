/**
 * Predictor-corrector sampling (Song et al. 2021, "Score-Based Generative Modeling through
 * Stochastic Differential Equations", Algorithms 2-3 and 4-5): at each noise level, `correctorSteps`
 * Langevin corrector steps with the step size set by a signal-to-noise ratio r,
 *   epsilon = 2 alpha (r ||z|| / ||score||)^2   (alpha = 1 - beta_t for VP, 1 for VE; the norms are
 *   per-example norms averaged over the batch, as in the authors' code),
 * then one predictor step to the next level: ancestral sampling of q(x_prev | x_t, x_0 = predicted x_0)
 * (their eq. 47, the ancestral predictor). The last predictor step lands on the clean level.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { ancestralStep, type VarianceType } from './ddpm-scheduler.js';
import { CLEAN_LEVEL, type NoiseLevel, type NoiseProcessConfig } from './noise-process.js';
import { toOriginalAndNoise, type PredictionType } from './prediction-type.js';
import type { BaseSchedulerConfig, Scheduler, SchedulerStepOptions, SchedulerStepOutput, TimestepSpacing } from './scheduler.js';
import { BASE_SCHEDULER_DEFAULTS, SchedulerBase, gaussianLike } from './scheduler-base.js';
import { selectTimesteps } from './select-timesteps.js';

export interface PredictorCorrectorSchedulerConfig extends BaseSchedulerConfig {
  readonly correctorSteps: number;
  /** Signal-to-noise ratio r of the corrector (Song et al. use 0.16 for VE, 0.01 for VP). */
  readonly snr: number;
  readonly varianceType: VarianceType;
}

export type PredictorCorrectorSchedulerOptions = {
  readonly process: NoiseProcessConfig;
  readonly predictionType?: PredictionType;
  readonly clipSample?: number | null;
  readonly timestepSpacing?: TimestepSpacing;
  readonly correctorSteps?: number;
  readonly snr?: number;
  readonly varianceType?: VarianceType;
};

export class PredictorCorrectorScheduler extends SchedulerBase<PredictorCorrectorSchedulerConfig> implements Scheduler {
  readonly name = 'pc' as const;
  private levels: number[] = [];

  constructor(options: PredictorCorrectorSchedulerOptions) {
    const config: PredictorCorrectorSchedulerConfig = {
      ...BASE_SCHEDULER_DEFAULTS,
      correctorSteps: 1,
      snr: options.process.type === 'variance-exploding' ? 0.16 : 0.01,
      varianceType: 'fixedSmall',
      ...options,
    };
    if (!(Number.isInteger(config.correctorSteps) && config.correctorSteps >= 0)) {
      throw new Error(`PredictorCorrectorScheduler config: correctorSteps must be an integer >= 0, got ${JSON.stringify(config.correctorSteps)}`);
    }
    if (!(typeof config.snr === 'number' && config.snr > 0 && Number.isFinite(config.snr))) {
      throw new Error(`PredictorCorrectorScheduler config: snr must be a positive number (e.g. 0.16), got ${JSON.stringify(config.snr)}`);
    }
    super(config);
    this.setTimesteps(Math.min(10, this.process.numLevels));
  }

  /** Uses `numLevels` noise levels; each costs correctorSteps + 1 network evaluations. */
  setTimesteps(numLevels: number): void {
    this.levels = selectTimesteps(this.process.numLevels, numLevels, this.config.timestepSpacing);
    this.steps = this.levels.flatMap((t) => new Array<number>(this.config.correctorSteps + 1).fill(t));
  }

  private perLevel(): number {
    return this.config.correctorSteps + 1;
  }

  private isPredictorStep(index: number): boolean {
    return index % this.perLevel() === this.config.correctorSteps;
  }

  levelBefore(index: number): NoiseLevel {
    this.checkIndex(index);
    return this.process.level(this.steps[index]);
  }

  levelAfter(index: number): NoiseLevel {
    this.checkIndex(index);
    if (!this.isPredictorStep(index)) return this.levelBefore(index);
    const next = Math.floor(index / this.perLevel()) + 1;
    return this.process.level(next < this.levels.length ? this.levels[next] : CLEAN_LEVEL);
  }

  step(modelOutput: Tensor, index: number, sample: Tensor, options: SchedulerStepOptions = {}): SchedulerStepOutput {
    const current = this.levelBefore(index);
    if (this.isPredictorStep(index)) {
      const { x0, eps } = this.predict(modelOutput, sample, current);
      eps.dispose();
      const prevSample = ancestralStep(x0, sample, current, this.levelAfter(index), this.config.varianceType, options.seed);
      return { prevSample, predOriginalSample: x0 };
    }
    const { x0, eps } = toOriginalAndNoise(this.config.predictionType, modelOutput, sample, current);
    const t = this.steps[index];
    const alpha = this.process.isVariancePreserving ? 1 - this.process.betas[t] : 1;
    const prevSample = tf.tidy(() => {
      const score = tf.div(eps, -current.noiseStd);
      const z = gaussianLike(sample, options.seed);
      const axes = Array.from({ length: sample.rank - 1 }, (_, i) => i + 1);
      const noiseNorm = tf.mean(tf.sqrt(tf.sum(tf.square(z), axes)));
      const scoreNorm = tf.maximum(tf.mean(tf.sqrt(tf.sum(tf.square(score), axes))), 1e-12);
      const stepSize = tf.mul(tf.square(tf.div(tf.mul(noiseNorm, this.config.snr), scoreNorm)), 2 * alpha);
      // The same z drives the step as set its size (Song et al. 2021, Algorithm 4).
      return tf.add(tf.add(sample, tf.mul(score, stepSize)), tf.mul(z, tf.sqrt(tf.mul(stepSize, 2))));
    });
    eps.dispose();
    const clip = this.config.clipSample;
    const reported = clip === null ? x0 : tf.tidy(() => tf.clipByValue(x0, -clip, clip));
    if (reported !== x0) x0.dispose();
    return { prevSample, predOriginalSample: reported };
  }
}
