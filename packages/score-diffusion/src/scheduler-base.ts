/** Shared plumbing of the schedulers: the process, addNoise, index checks and x_0 prediction. */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { NoiseProcess, type NoiseLevel } from './noise-process.js';
import { checkPredictionType, toOriginalAndNoise } from './prediction-type.js';
import type { BaseSchedulerConfig, SchedulerName } from './scheduler.js';
import { TIMESTEP_SPACINGS } from './select-timesteps.js';

export const BASE_SCHEDULER_DEFAULTS = {
  predictionType: 'epsilon',
  clipSample: null,
  timestepSpacing: 'trailing',
} as const;

export abstract class SchedulerBase<TConfig extends BaseSchedulerConfig> {
  abstract readonly name: SchedulerName;
  readonly config: TConfig;
  readonly process: NoiseProcess;
  protected steps: number[] = [];

  protected constructor(config: TConfig) {
    const where = `${this.constructor.name} config`;
    checkPredictionType(config.predictionType, where);
    if (config.clipSample !== null && !(typeof config.clipSample === 'number' && config.clipSample > 0)) {
      throw new Error(`${where}: clipSample must be a positive number or null, got ${JSON.stringify(config.clipSample)}`);
    }
    if (!TIMESTEP_SPACINGS.includes(config.timestepSpacing)) {
      throw new Error(`${where}: timestepSpacing must be 'leading', 'trailing' or 'linspace', got ${JSON.stringify(config.timestepSpacing)}`);
    }
    this.config = config;
    this.process = new NoiseProcess(config.process);
  }

  get timesteps(): readonly number[] {
    return this.steps;
  }

  get initNoiseSigma(): number {
    return this.levelBefore(0).noiseStd;
  }

  addNoise(x0: Tensor, noise: Tensor, t: number | Tensor): Tensor {
    return this.process.addNoise(x0, noise, t);
  }

  abstract levelBefore(index: number): NoiseLevel;
  abstract levelAfter(index: number): NoiseLevel;

  protected checkIndex(index: number): void {
    if (this.steps.length === 0) throw new Error(`${this.constructor.name}: call setTimesteps(n) before step()`);
    if (!Number.isInteger(index) || index < 0 || index >= this.steps.length) {
      throw new Error(`${this.constructor.name}: step index must be an integer in [0, ${this.steps.length - 1}], got ${index}`);
    }
  }

  /** x_0 and eps from the model output, with x_0 clipped (and eps re-derived) when clipSample is set. */
  protected predict(modelOutput: Tensor, sample: Tensor, level: NoiseLevel): { x0: Tensor; eps: Tensor } {
    const raw = toOriginalAndNoise(this.config.predictionType, modelOutput, sample, level);
    const clip = this.config.clipSample;
    if (clip === null) return raw;
    return tf.tidy(() => {
      const x0 = tf.clipByValue(raw.x0, -clip, clip);
      const eps = tf.div(tf.sub(sample, tf.mul(x0, level.signalScale)), Math.max(level.noiseStd, 1e-12));
      tf.dispose([raw.x0, raw.eps]);
      return { x0, eps };
    });
  }
}

/** Standard normal noise shaped like `like`, seeded when `seed` is given. */
export function gaussianLike(like: Tensor, seed?: number): Tensor {
  return tf.randomNormal(like.shape, 0, 1, 'float32', seed);
}
