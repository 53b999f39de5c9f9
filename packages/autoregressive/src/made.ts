/**
 * MADE, the masked autoencoder for distribution estimation (Germain et al. 2015), as a network
 * building block on core-nn Parameters: a multi-layer perceptron whose weight matrices are
 * multiplied by 0/1 masks (made-masks.ts) so that the outputs for input i depend only on the
 * inputs before i in the ordering. The flow package's MAF builds on this class; the trainable
 * density model is MADEDensity.
 *
 * Output layout: `apply` returns [batch, inputDim * outputMultiplier] grouped per input
 * dimension: column `i * outputMultiplier + m` is output m of input i (so reshaping to
 * [batch, inputDim, outputMultiplier] gives one row of parameters per input). `applySplit`
 * returns the M groups as separate [batch, inputDim] tensors (e.g. [shift, logScale] for MAF).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D, Variable } from '@tensorflow/tfjs-core';
import { activate, type Activation, type Initializer, type Parameters } from '@genmodels/core-nn';
import { deriveSeed } from '@genmodels/core-nn';
import { buildMADEMasks, type MADEConnectivity, type MADEMaskSet, type MADEOrdering } from './made-masks.js';

export interface MADEOptions {
  /** Number of inputs D. */
  inputDim: number;
  /** Widths of the masked hidden layers (at least one). */
  hiddenUnits: readonly number[];
  /** Outputs per input (1 for a Bernoulli logit, 2 for MAF's shift and log-scale, 3K for a mixture). Default 1. */
  outputMultiplier?: number;
  /** Ordering of the inputs (rank of each input) for mask 0. Default 'natural'. */
  ordering?: MADEOrdering;
  /** How hidden degrees are drawn. Default 'cyclic'. */
  connectivity?: MADEConnectivity;
  /**
   * Number of mask sets for order/connectivity-agnostic training (paper section 4.2). Mask 0 uses
   * `ordering`; masks 1.. use seeded random orderings. Default 1.
   */
  numMasks?: number;
  /** Seed for the random ordering and degrees (weights are seeded by Parameters). Default 1. */
  seed?: number;
  /** Size of an optional context vector fed (unmasked) into the first hidden layer, for conditional MADE. */
  contextDim?: number;
  /** Hidden activation. Default 'relu'. */
  activation?: Activation;
  /** Initializer of the output kernel (e.g. 'zeros' so a MAF layer starts as the identity). Default 'glorotUniform'. */
  outputKernelInit?: Initializer;
}

export class MADE {
  readonly inputDim: number;
  readonly hiddenUnits: readonly number[];
  readonly outputMultiplier: number;
  readonly numMasks: number;
  readonly contextDim: number;
  /** The mask sets (host arrays), one per mask index. */
  readonly maskSets: readonly MADEMaskSet[];
  private readonly kernels: Variable[];
  private readonly biases: Variable[];
  private readonly contextKernel: Variable | null;
  private readonly activation: Activation;
  /** Mask tensors per mask index, per layer (output masks already repeated per group). */
  private readonly maskTensors: tf.Tensor2D[][];

  constructor(params: Parameters, name: string, options: MADEOptions) {
    const multiplier = options.outputMultiplier ?? 1;
    const numMasks = options.numMasks ?? 1;
    if (!(Number.isInteger(multiplier) && multiplier > 0)) {
      throw new Error(`MADE "${name}": outputMultiplier must be a positive integer, got ${multiplier}`);
    }
    if (!(Number.isInteger(numMasks) && numMasks > 0)) throw new Error(`MADE "${name}": numMasks must be a positive integer, got ${numMasks}`);
    const contextDim = options.contextDim ?? 0;
    if (!(Number.isInteger(contextDim) && contextDim >= 0)) {
      throw new Error(`MADE "${name}": contextDim must be a non-negative integer, got ${contextDim}`);
    }
    const seed = options.seed ?? 1;
    this.inputDim = options.inputDim;
    this.hiddenUnits = [...options.hiddenUnits];
    this.outputMultiplier = multiplier;
    this.numMasks = numMasks;
    this.contextDim = contextDim;
    this.activation = options.activation ?? 'relu';
    const connectivity = options.connectivity ?? 'cyclic';
    this.maskSets = Array.from({ length: numMasks }, (_, k) =>
      buildMADEMasks(options.inputDim, options.hiddenUnits, {
        ordering: k === 0 ? (options.ordering ?? 'natural') : 'random',
        connectivity,
        seed: k === 0 ? seed : deriveSeed(seed, k),
      }),
    );
    const widths = [this.inputDim, ...this.hiddenUnits];
    const scope = params.scope(name);
    this.kernels = [];
    this.biases = [];
    for (let l = 0; l < this.hiddenUnits.length; l++) {
      this.kernels.push(scope.create(`hidden${l}/kernel`, [widths[l], widths[l + 1]], 'glorotUniform'));
      this.biases.push(scope.create(`hidden${l}/bias`, [widths[l + 1]], 'zeros'));
    }
    const last = widths[widths.length - 1];
    this.kernels.push(scope.create('output/kernel', [last, this.inputDim * multiplier], options.outputKernelInit ?? 'glorotUniform'));
    this.biases.push(scope.create('output/bias', [this.inputDim * multiplier], 'zeros'));
    this.contextKernel = contextDim > 0 ? scope.create('context/kernel', [contextDim, this.hiddenUnits[0]], 'glorotUniform') : null;
    this.maskTensors = this.maskSets.map((set) =>
      set.masks.map((m, l) => {
        const rows = widths[l];
        if (l < this.hiddenUnits.length) return tf.tensor2d(m, [rows, widths[l + 1]]);
        // repeat each input's output mask for its `multiplier` grouped columns
        const repeated = new Float32Array(rows * this.inputDim * multiplier);
        for (let k = 0; k < rows; k++) {
          for (let i = 0; i < this.inputDim; i++) {
            for (let g = 0; g < multiplier; g++) repeated[(k * this.inputDim + i) * multiplier + g] = m[k * this.inputDim + i];
          }
        }
        return tf.tensor2d(repeated, [rows, this.inputDim * multiplier]);
      }),
    );
  }

  /** The ordering (rank of each input) of mask set `maskIndex`. */
  ordering(maskIndex = 0): Int32Array {
    return this.maskSets[this.checkMaskIndex(maskIndex)].ordering;
  }

  /**
   * The masked network: x [batch, inputDim] (and context [batch, contextDim] when contextDim > 0)
   * -> [batch, inputDim * outputMultiplier], grouped per input (column i * M + m).
   */
  apply(x: Tensor2D, context?: Tensor2D, maskIndex = 0): Tensor2D {
    if (x.rank !== 2 || x.shape[1] !== this.inputDim) {
      throw new Error(`MADE: expected input [batch, ${this.inputDim}], got [${x.shape.join(', ')}]`);
    }
    if (this.contextKernel && (!context || context.rank !== 2 || context.shape[1] !== this.contextDim || context.shape[0] !== x.shape[0])) {
      throw new Error(`MADE: this MADE needs a context shaped [${x.shape[0]}, ${this.contextDim}], got ${context ? `[${context.shape.join(', ')}]` : 'none'}`);
    }
    const masks = this.maskTensors[this.checkMaskIndex(maskIndex)];
    return tf.tidy(() => {
      let h: tf.Tensor2D = x;
      for (let l = 0; l < this.kernels.length; l++) {
        let pre = tf.add(tf.matMul(h, tf.mul(this.kernels[l], masks[l])), this.biases[l]) as Tensor2D;
        if (l === 0 && this.contextKernel && context) pre = tf.add(pre, tf.matMul(context, this.contextKernel));
        h = l < this.kernels.length - 1 ? (activate(pre, this.activation) as Tensor2D) : pre;
      }
      return h;
    });
  }

  /** `apply` split into its `outputMultiplier` groups, each [batch, inputDim] (group m holds column i*M + m). */
  applySplit(x: Tensor2D, context?: Tensor2D, maskIndex = 0): Tensor2D[] {
    return tf.tidy(() => {
      const out = this.apply(x, context, maskIndex);
      const grouped = tf.reshape(out, [x.shape[0], this.inputDim, this.outputMultiplier]);
      return tf.unstack(grouped, 2) as Tensor2D[];
    });
  }

  /** Frees the mask tensors (the weights belong to the Parameters that created them). */
  dispose(): void {
    for (const set of this.maskTensors) tf.dispose(set);
  }

  private checkMaskIndex(k: number): number {
    if (!(Number.isInteger(k) && k >= 0 && k < this.numMasks)) {
      throw new Error(`MADE: maskIndex must be an integer in [0, ${this.numMasks - 1}], got ${k}`);
    }
    return k;
  }
}
