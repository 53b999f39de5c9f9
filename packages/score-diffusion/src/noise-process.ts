/**
 * The forward noising process a denoiser was trained on, written as x_t = a_t x_0 + s_t eps with
 * eps ~ N(0, I) at each of its levels t = 0 .. numLevels - 1 (t = 0 the least noise):
 * - variance-preserving (DDPM, Ho et al. 2020): a_t = sqrt(alphaBar_t), s_t = sqrt(1 - alphaBar_t);
 *   the network is conditioned on t.
 * - variance-exploding (NCSN, Song & Ermon 2019): a_t = 1, s_t = sigma_t on a geometric ladder from
 *   sigmaMin (t = 0) to sigmaMax; the network is conditioned on log sigma_t.
 * One parametrisation lets every scheduler (DDPM, DDIM, annealed Langevin, predictor-corrector)
 * run on either kind of model (Kingma et al. 2021, "Variational Diffusion Models", sec. 3).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { BETA_SCHEDULES, type BetaScheduleName, cumulativeAlphas, makeBetaSchedule } from './beta-schedule.js';

export interface VariancePreservingConfig {
  readonly type: 'variance-preserving';
  readonly numTrainTimesteps: number;
  readonly betaSchedule: BetaScheduleName;
  readonly betaStart: number;
  readonly betaEnd: number;
}

export interface VarianceExplodingConfig {
  readonly type: 'variance-exploding';
  readonly numLevels: number;
  readonly sigmaMin: number;
  readonly sigmaMax: number;
}

export type NoiseProcessConfig = VariancePreservingConfig | VarianceExplodingConfig;

/** a and s of x = a x_0 + s eps at one level. The clean level (after the last step) is a = 1, s = 0. */
export interface NoiseLevel {
  readonly signalScale: number;
  readonly noiseStd: number;
}

/** The level index meaning "no noise at all": where sampling ends. */
export const CLEAN_LEVEL = -1;

export const CLEAN: NoiseLevel = { signalScale: 1, noiseStd: 0 };

/** The bench-spec DDPM process: T = 1000, linear betas 1e-4 .. 0.02. */
export const DDPM_PROCESS: VariancePreservingConfig = {
  type: 'variance-preserving',
  numTrainTimesteps: 1000,
  betaSchedule: 'linear',
  betaStart: 1e-4,
  betaEnd: 0.02,
};

/** The bench-spec NCSN process: 10 sigmas geometric from 1.0 to 0.01. */
export const NCSN_PROCESS: VarianceExplodingConfig = {
  type: 'variance-exploding',
  numLevels: 10,
  sigmaMin: 0.01,
  sigmaMax: 1,
};

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`noise process: ${message}`);
}

/** Validates a process config, with an error naming the key. */
export function validateNoiseProcessConfig(config: NoiseProcessConfig): void {
  check(typeof config === 'object' && config !== null, `expected an object, got ${JSON.stringify(config)}`);
  if (config.type === 'variance-preserving') {
    check(
      Number.isInteger(config.numTrainTimesteps) && config.numTrainTimesteps >= 1,
      `numTrainTimesteps must be a positive integer, got ${JSON.stringify(config.numTrainTimesteps)}`,
    );
    check(BETA_SCHEDULES.includes(config.betaSchedule), `betaSchedule must be 'linear' or 'cosine', got ${JSON.stringify(config.betaSchedule)}`);
    check(
      config.betaStart > 0 && config.betaEnd >= config.betaStart && config.betaEnd < 1,
      `betas need 0 < betaStart <= betaEnd < 1, got betaStart ${config.betaStart} and betaEnd ${config.betaEnd}`,
    );
  } else if (config.type === 'variance-exploding') {
    check(Number.isInteger(config.numLevels) && config.numLevels >= 1, `numLevels must be a positive integer, got ${JSON.stringify(config.numLevels)}`);
    check(
      config.sigmaMin > 0 && config.sigmaMax >= config.sigmaMin && Number.isFinite(config.sigmaMax),
      `sigmas need 0 < sigmaMin <= sigmaMax, got sigmaMin ${config.sigmaMin} and sigmaMax ${config.sigmaMax}`,
    );
  } else {
    throw new Error(
      `noise process: type must be 'variance-preserving' or 'variance-exploding', got ${JSON.stringify((config as { type?: unknown }).type)}`,
    );
  }
}

/** The geometric sigma ladder sigma_t = sigmaMin (sigmaMax / sigmaMin)^(t / (L - 1)), t = 0 .. L - 1. */
export function geometricSigmas(sigmaMin: number, sigmaMax: number, numLevels: number): Float64Array {
  const out = new Float64Array(numLevels);
  for (let t = 0; t < numLevels; t++) {
    out[t] = numLevels === 1 ? sigmaMax : sigmaMin * Math.pow(sigmaMax / sigmaMin, t / (numLevels - 1));
  }
  return out;
}

export class NoiseProcess {
  readonly config: NoiseProcessConfig;
  readonly numLevels: number;
  /** a_t per level, float64. */
  readonly signalScales: Float64Array;
  /** s_t per level, float64. */
  readonly noiseStds: Float64Array;
  /** beta_t per level (variance-preserving only; for variance-exploding, 1 - (a_t / a_{t-1})^2 = 0). */
  readonly betas: Float64Array;

  constructor(config: NoiseProcessConfig) {
    validateNoiseProcessConfig(config);
    this.config = config;
    if (config.type === 'variance-preserving') {
      this.numLevels = config.numTrainTimesteps;
      this.betas = makeBetaSchedule(config.betaSchedule, config.numTrainTimesteps, config.betaStart, config.betaEnd);
      const alphaBars = cumulativeAlphas(this.betas);
      this.signalScales = alphaBars.map(Math.sqrt);
      this.noiseStds = alphaBars.map((ab) => Math.sqrt(1 - ab));
    } else {
      this.numLevels = config.numLevels;
      this.noiseStds = geometricSigmas(config.sigmaMin, config.sigmaMax, config.numLevels);
      this.signalScales = new Float64Array(config.numLevels).fill(1);
      this.betas = new Float64Array(config.numLevels);
    }
  }

  get isVariancePreserving(): boolean {
    return this.config.type === 'variance-preserving';
  }

  /** alphaBar_t = a_t^2 of a variance-preserving process. */
  alphaBar(t: number): number {
    return this.level(t).signalScale ** 2;
  }

  /** a_t and s_t at level t; CLEAN_LEVEL (-1) gives a = 1, s = 0. */
  level(t: number): NoiseLevel {
    if (t === CLEAN_LEVEL) return CLEAN;
    this.checkLevel(t);
    return { signalScale: this.signalScales[t], noiseStd: this.noiseStds[t] };
  }

  /**
   * The scalar the network is conditioned on at level t: t itself for a variance-preserving
   * process (Ho et al. 2020), log sigma_t for a variance-exploding one (the bench-spec NCSN). A
   * fractional t in [0, numLevels - 1] lies between two training levels (see `levelAt`); for the
   * geometric ladder log sigma is linear in t, so its conditioning is interpolated linearly.
   */
  conditioning(t: number): number {
    if (Number.isInteger(t)) {
      this.checkLevel(t);
      return this.isVariancePreserving ? t : Math.log(this.noiseStds[t]);
    }
    this.checkContinuous(t);
    if (this.isVariancePreserving) return t;
    const i = Math.floor(t);
    const f = t - i;
    return (1 - f) * Math.log(this.noiseStds[i]) + f * Math.log(this.noiseStds[i + 1]);
  }

  /**
   * a and s at a fractional level t in [0, numLevels - 1] (the training level itself when t is an
   * integer): log(s / a) interpolated linearly between the two neighbouring levels, with
   * a^2 + s^2 = 1 kept for a variance-preserving process (for the geometric ladder of a
   * variance-exploding one this is its own continuation, sigma_t = sigmaMin (sigmaMax / sigmaMin)^(t / (L - 1))).
   */
  levelAt(t: number): NoiseLevel {
    if (Number.isInteger(t)) return this.level(t);
    this.checkContinuous(t);
    const i = Math.floor(t);
    const f = t - i;
    const ratio = Math.exp((1 - f) * Math.log(this.noiseRatio(i)) + f * Math.log(this.noiseRatio(i + 1)));
    return this.levelOfRatio(ratio);
  }

  /**
   * The fractional level whose noise-to-signal ratio s / a is `sigma`: the level of y = x + sigma n
   * once y is scaled by a (a y = a x + s n). Used by Tweedie denoising at a known sigma in data
   * units; sigma must lie in the trained range, and the returned level is exact in sigma.
   */
  continuousLevel(sigma: number): { timestep: number; level: NoiseLevel } {
    const T = this.numLevels;
    const low = this.noiseRatio(0);
    const high = this.noiseRatio(T - 1);
    const inside = this.isVariancePreserving ? sigma > low && sigma < high : sigma >= low && sigma <= high;
    if (!(sigma > 0 && Number.isFinite(sigma)) || !inside) {
      throw new Error(`denoise: sigma ${sigma} is outside the trained noise range [${low.toPrecision(3)}, ${high.toPrecision(3)}] (data units)`);
    }
    let t = 0;
    while (t + 1 < T && this.noiseRatio(t + 1) < sigma) t++;
    const f = t + 1 < T ? (Math.log(sigma) - Math.log(this.noiseRatio(t))) / (Math.log(this.noiseRatio(t + 1)) - Math.log(this.noiseRatio(t))) : 0;
    return { timestep: t + f, level: this.levelOfRatio(sigma) };
  }

  /** s_t / a_t, increasing with t. */
  private noiseRatio(t: number): number {
    return this.noiseStds[t] / this.signalScales[t];
  }

  private levelOfRatio(ratio: number): NoiseLevel {
    if (!this.isVariancePreserving) return { signalScale: 1, noiseStd: ratio };
    const alphaBar = 1 / (1 + ratio * ratio);
    return { signalScale: Math.sqrt(alphaBar), noiseStd: Math.sqrt(1 - alphaBar) };
  }

  /**
   * q(x_t | x_0): a_t x0 + s_t noise. `t` is one level for the whole batch or an int32
   * [batch] tensor of levels, one per example.
   */
  addNoise(x0: Tensor, noise: Tensor, t: number | Tensor): Tensor {
    if (typeof t === 'number') {
      const { signalScale, noiseStd } = this.level(t);
      return tf.tidy(() => tf.add(tf.mul(x0, signalScale), tf.mul(noise, noiseStd)));
    }
    if (t.rank !== 1 || t.shape[0] !== x0.shape[0]) {
      throw new Error(`addNoise: per-example levels must be shaped [batch] = [${x0.shape[0]}], got [${t.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const broadcast = [x0.shape[0], ...new Array<number>(x0.rank - 1).fill(1)];
      const a = tf.reshape(this.gather(this.signalScales, t), broadcast);
      const s = tf.reshape(this.gather(this.noiseStds, t), broadcast);
      return tf.add(tf.mul(x0, a), tf.mul(noise, s));
    });
  }

  /** Per-example float32 values of a per-level table, gathered at int32 levels `t`. */
  gather(table: Float64Array, t: Tensor): Tensor {
    return tf.tidy(() => tf.gather(tf.tensor1d(Float32Array.from(table)), tf.cast(t, 'int32')));
  }

  /** Per-example conditioning values (see `conditioning`) at int32 levels `t`. */
  conditioningOf(t: Tensor): Tensor {
    if (this.isVariancePreserving) return tf.cast(t, 'float32');
    return this.gather(this.noiseStds.map(Math.log), t);
  }

  /**
   * A sample of q(x_to | x_from) for the Markov chain between two levels with to > from (more
   * noise): x_to = (a_to / a_from) x_from + sqrt(s_to^2 - (a_to / a_from)^2 s_from^2) noise
   * (Kingma et al. 2021, eq. 3). Used by RePaint-style resampling (Lugmayr et al. 2022).
   */
  forwardTransition(x: Tensor, from: NoiseLevel, to: NoiseLevel, noise: Tensor): Tensor {
    const ratio = to.signalScale / from.signalScale;
    const variance = Math.max(0, to.noiseStd ** 2 - ratio ** 2 * from.noiseStd ** 2);
    return tf.tidy(() => tf.add(tf.mul(x, ratio), tf.mul(noise, Math.sqrt(variance))));
  }

  private checkContinuous(t: number): void {
    if (!(t >= 0 && t <= this.numLevels - 1)) {
      throw new Error(`noise process: a continuous level must lie in [0, ${this.numLevels - 1}], got ${t}`);
    }
  }

  private checkLevel(t: number): void {
    if (!Number.isInteger(t) || t < 0 || t >= this.numLevels) {
      throw new Error(`noise process: level must be an integer in [0, ${this.numLevels - 1}], got ${t}`);
    }
  }
}
