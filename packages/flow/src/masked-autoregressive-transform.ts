import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-core';
import type { Parameters } from '@genmodels/core-nn';
import { MADE } from '@genmodels/autoregressive';
import type { ParameterizedTransform, TransformOptions, TransformResult } from './transform.js';

export interface MaskedAutoregressiveTransformOptions {
  features: number;
  hiddenUnits: readonly number[];
  /** Size of a context vector (one-hot label) fed to MADE; 0 for none. */
  contextDim?: number;
  /** Seed of MADE's hidden degrees. */
  seed?: number;
}

/**
 * One layer of MAF (Papamakarios, Pavlakou & Murray 2017, eq. 3-5) on MADE (Germain et al. 2015):
 *   forward (data to latent, one pass):  z_i = (x_i - mu_i(x_<i)) * exp(-alpha_i(x_<i)),
 *   log|det dz/dx| = -sum_i alpha_i;
 *   inverse (latent to data, D sequential passes): x_i = z_i * exp(alpha_i) + mu_i.
 * Wrapped in InverseTransform it is an IAF layer (Kingma et al. 2016): sampling in one pass,
 * density evaluation sequential. alpha = tanh-free raw output: MADE's output layer starts at zero,
 * so the layer starts as the identity. Variables: MADE's under `made/`.
 */
export class MaskedAutoregressiveTransform implements ParameterizedTransform {
  readonly params: Parameters;
  readonly made: MADE;
  private readonly features: number;

  constructor(params: Parameters, options: MaskedAutoregressiveTransformOptions) {
    if (!Number.isInteger(options.features) || options.features < 2) {
      throw new Error(`MaskedAutoregressiveTransform: features must be an integer >= 2, got ${options.features}`);
    }
    this.params = params;
    this.features = options.features;
    this.made = new MADE(params, 'made', {
      inputDim: options.features,
      hiddenUnits: options.hiddenUnits,
      outputMultiplier: 2,
      contextDim: options.contextDim ?? 0,
      seed: options.seed ?? 1,
      outputKernelInit: 'zeros',
    });
  }

  private check(x: Tensor): Tensor2D {
    if (x.rank !== 2 || x.shape[1] !== this.features) {
      throw new Error(`MaskedAutoregressiveTransform: expected [batch, ${this.features}], got [${x.shape.join(', ')}]`);
    }
    return x as Tensor2D;
  }

  forward(x: Tensor, options: TransformOptions = {}): TransformResult {
    const input = this.check(x);
    return tf.tidy(() => {
      const [mu, alpha] = this.made.applySplit(input, options.context);
      const outputs = tf.mul(tf.sub(input, mu), tf.exp(tf.neg(alpha)));
      return { outputs, logAbsDet: tf.neg(tf.sum(alpha, 1)) as tf.Tensor1D };
    });
  }

  inverse(z: Tensor, options: TransformOptions = {}): TransformResult {
    const latent = this.check(z);
    return tf.tidy(() => {
      // After pass k every input of rank < k is exact, so D passes recover x for any ordering.
      let x: Tensor2D = tf.zerosLike(latent);
      for (let pass = 0; pass < this.features; pass++) {
        const next = tf.tidy(() => {
          const [mu, alpha] = this.made.applySplit(x, options.context);
          return tf.add(tf.mul(latent, tf.exp(alpha)), mu) as Tensor2D;
        });
        x.dispose();
        x = next;
      }
      const [, alpha] = this.made.applySplit(x, options.context);
      return { outputs: x, logAbsDet: tf.sum(alpha, 1) as tf.Tensor1D };
    });
  }

  /** Frees MADE's mask tensors (the weights belong to the Parameters). */
  dispose(): void {
    this.made.dispose();
  }
}
