/**
 * MADE as a density model (Germain et al. 2015): a masked MLP outputs the parameters of every
 * conditional p(x_i | x_<i) in one pass. With numMasks > 1 it trains order- and
 * connectivity-agnostically (one mask set per step, cycling) and evaluates the ensemble
 *   log p(x) = log (1/K) sum_k p_k(x)
 * over the K mask sets (paper section 4.2), which is an exact mixture likelihood.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { StepContext } from '@genmodels/core-nn';
import { resolveMADEDensityConfig, type MADEDensityConfig, type MADEDensityConfigInput } from './made-density-config.js';
import { AutoregressiveModel } from './autoregressive-model.js';
import { MADE } from './made.js';

export class MADEDensity extends AutoregressiveModel<MADEDensityConfig> {
  readonly modelType = 'made';
  readonly made: MADE;

  constructor(config: MADEDensityConfigInput = {}) {
    super(resolveMADEDensityConfig(config));
    const { hiddenUnits, ordering, connectivity, numMasks, orderingSeed, activation } = this.config;
    this.made = new MADE(this.params, 'made', {
      inputDim: this.dataDim,
      hiddenUnits,
      outputMultiplier: this.likelihood.paramsPerDim,
      ordering: typeof ordering === 'string' ? ordering : [...ordering],
      connectivity,
      numMasks,
      seed: orderingSeed,
      activation,
    });
  }

  /** Conditionals under mask set 0 (the one `sample`, `inpaint` and `nllMap` use). */
  conditionalParams(x: tf.Tensor2D): tf.Tensor3D {
    return this.paramsWithMask(x, 0);
  }

  paramsWithMask(x: tf.Tensor2D, maskIndex: number): tf.Tensor3D {
    return tf.tidy(() => tf.reshape(this.made.apply(x, undefined, maskIndex), [x.shape[0], this.dataDim, this.likelihood.paramsPerDim]));
  }

  /** Dimensions sorted by their rank in mask set 0's ordering. */
  override samplingOrder(): Int32Array {
    const ranks = this.made.ordering(0);
    const order = new Int32Array(ranks.length);
    ranks.forEach((rank, i) => (order[rank] = i));
    return order;
  }

  /** Exact log p(x): with several mask sets, the log of the average of their likelihoods. */
  override logProb(x: tf.Tensor): tf.Tensor1D {
    const k = this.config.numMasks;
    if (k === 1) return super.logProb(x);
    return tf.tidy(() => {
      const flat = this.flatten(x);
      const perMask = Array.from({ length: k }, (_, m) => tf.sum(this.likelihood.logProb(this.paramsWithMask(flat, m), flat), 1));
      return tf.sub(tf.logSumExp(tf.stack(perMask, 1), 1), Math.log(k)) as tf.Tensor1D;
    });
  }

  protected override trainingLogProb(x: tf.Tensor, _labels: tf.Tensor1D | undefined, context: StepContext): tf.Tensor1D {
    return tf.tidy(() => {
      const flat = this.flatten(x);
      const mask = context.step % this.config.numMasks;
      return tf.sum(this.likelihood.logProb(this.paramsWithMask(flat, mask), flat), 1) as tf.Tensor1D;
    });
  }

  protected override disposeExtras(): void {
    this.made.dispose();
  }
}
