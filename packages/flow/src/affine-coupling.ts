import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';
import type { CouplingNetwork } from './coupling-network.js';
import { sumOverEvent } from './event-shape.js';
import type { Mask } from './masks.js';
import type { ParameterizedTransform, TransformOptions, TransformResult } from './transform.js';

/**
 * How the raw network output becomes the log-scale s:
 * - 'tanh': s = scale * tanh(raw), a learned scale per channel (RealNVP, Dinh et al. 2017, sec 4.1).
 * - 'sigmoid': s = log sigmoid(raw + 2) (Glow, Kingma & Dhariwal 2018, openai/glow code), which
 *   keeps every scale in (0, 1) and starts near 0.88.
 */
export type CouplingScale = 'tanh' | 'sigmoid';

/**
 * The affine coupling layer (Dinh et al. 2017, eq. 9): with a binary mask b,
 *   y = b * x + (1 - b) * (x * exp(s(b * x)) + t(b * x)),
 *   log|det dy/dx| = sum((1 - b) * s(b * x)),
 * and the inverse x = b * y + (1 - b) * (y - t(b * y)) * exp(-s(b * y)). The conditioner sees
 * only the kept half (b * x = b * y), so it never needs inverting. Variables: the network's and
 * `scale` [channels] for the 'tanh' scale.
 */
export class AffineCoupling implements ParameterizedTransform {
  readonly params: Parameters;
  private readonly mask: Mask;
  private readonly network: CouplingNetwork;
  private readonly scaleFunction: CouplingScale;
  private readonly scale: Variable | null;

  constructor(
    params: Parameters,
    options: {
      mask: Mask;
      network: CouplingNetwork;
      /** Size of the last axis (image channels or vector features): the tanh scale has one entry per channel. */
      channels: number;
      scaleFunction?: CouplingScale;
    },
  ) {
    this.params = params;
    this.mask = options.mask;
    this.network = options.network;
    this.scaleFunction = options.scaleFunction ?? 'tanh';
    if (this.scaleFunction !== 'tanh' && this.scaleFunction !== 'sigmoid') {
      throw new Error(`AffineCoupling: scaleFunction must be 'tanh' or 'sigmoid', got ${JSON.stringify(this.scaleFunction)}`);
    }
    this.scale = this.scaleFunction === 'tanh' ? params.create('scale', [options.channels], 'ones') : null;
  }

  /** Log-scale and shift for the masked input, both zero on the kept entries. */
  private conditioner(kept: Tensor, keep: Tensor, options: TransformOptions): { s: Tensor; t: Tensor } {
    const out = this.network.apply(kept, options.context);
    const [raw, shift] = tf.split(out, 2, out.rank - 1);
    // log sigmoid(u) = -softplus(-u); tf.logSigmoid's custom gradient reads a tensor that an inner
    // tf.tidy may already have freed, so it is composed from kernels with registered gradients.
    const logScale = this.scale ? tf.mul(this.scale, tf.tanh(raw)) : tf.neg(tf.softplus(tf.neg(tf.add(raw, 2))));
    const change = tf.sub(1, keep);
    return { s: tf.mul(logScale, change), t: tf.mul(shift, change) };
  }

  private maskTensor(x: Tensor): Tensor {
    if (x.rank !== this.mask.shape.length) {
      throw new Error(`AffineCoupling: expected inputs of rank ${this.mask.shape.length} matching the mask [${this.mask.shape.join(', ')}], got [${x.shape.join(', ')}]`);
    }
    return tf.tensor(this.mask.values, this.mask.shape);
  }

  forward(x: Tensor, options: TransformOptions = {}): TransformResult {
    return tf.tidy(() => {
      const keep = this.maskTensor(x);
      const kept = tf.mul(x, keep);
      const { s, t } = this.conditioner(kept, keep, options);
      const outputs = tf.add(kept, tf.add(tf.mul(tf.mul(x, tf.sub(1, keep)), tf.exp(s)), t));
      return { outputs, logAbsDet: sumOverEvent(s) };
    });
  }

  inverse(y: Tensor, options: TransformOptions = {}): TransformResult {
    return tf.tidy(() => {
      const keep = this.maskTensor(y);
      const kept = tf.mul(y, keep);
      const { s, t } = this.conditioner(kept, keep, options);
      const outputs = tf.add(kept, tf.mul(tf.mul(tf.sub(y, t), tf.sub(1, keep)), tf.exp(tf.neg(s))));
      return { outputs, logAbsDet: tf.neg(sumOverEvent(s)) };
    });
  }
}
