import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { Distribution } from './distribution.js';
import type { Transform, TransformOptions } from './transform.js';

export interface FlowSampleOptions {
  seed: number;
  /** Standard deviation multiplier of the base draw (Glow's temperature), default 1. */
  temperature?: number;
  context?: Tensor2D;
}

/**
 * A normalizing flow: a bijection f (data to latent) and a base density p_z, with the change of
 * variables log p(x) = log p_z(f(x)) + log|det df/dx| (Rezende & Mohamed 2015; Dinh et al. 2017,
 * eq. 3). Sampling draws z ~ p_z and runs f^-1.
 */
export class Flow {
  constructor(
    readonly transform: Transform,
    readonly base: Distribution,
  ) {}

  /** log p(x) in nats per example, [batch]. */
  logProb(x: Tensor, options: TransformOptions = {}): Tensor1D {
    return tf.tidy(() => {
      const { outputs, logAbsDet } = this.transform.forward(x, options);
      return tf.add(this.base.logProb(outputs, options.context), logAbsDet) as Tensor1D;
    });
  }

  /** z = f(x). */
  encode(x: Tensor, options: TransformOptions = {}): Tensor {
    return tf.tidy(() => this.transform.forward(x, options).outputs);
  }

  /** x = f^-1(z). */
  decode(z: Tensor, options: TransformOptions = {}): Tensor {
    return tf.tidy(() => this.transform.inverse(z, options).outputs);
  }

  /** n samples x = f^-1(z), z ~ p_z (scaled by the temperature). */
  sample(n: number, options: FlowSampleOptions): Tensor {
    return tf.tidy(() => {
      const z = this.base.sample(n, { seed: options.seed, temperature: options.temperature, context: options.context });
      return this.transform.inverse(z, { context: options.context }).outputs;
    });
  }
}
