/**
 * The Wasserstein autoencoder with an MMD penalty (Tolstikhin et al. 2018, "Wasserstein
 * Auto-Encoders", WAE-MMD): a deterministic encoder, the reconstruction cost, and
 * lambda * MMD(q(z), p(z)) between the batch of codes and as many draws from the prior N(0, I).
 * Unlike the VAE it matches the aggregate posterior to the prior, not each q(z|x).
 */
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed } from '@genmodels/core-nn';
import { Autoencoder, type CodePenalty } from './autoencoder.js';
import type { AutoencoderConfigInput } from './autoencoder-config.js';
import { maximumMeanDiscrepancy } from './mmd.js';

export class WAE extends Autoencoder {
  /** Defaults: modelType 'wae', an 8-dimensional code, lambda = 10, the IMQ kernel. */
  constructor(config: AutoencoderConfigInput = {}) {
    super({ ...config, modelType: 'wae' });
  }

  protected override codePenalty(codes: tf.Tensor2D, seed: number): CodePenalty {
    const prior = tf.randomNormal(codes.shape, 0, 1, 'float32', deriveSeed(seed, 5)) as tf.Tensor2D;
    const mmd = maximumMeanDiscrepancy(codes, prior, this.config.mmdKernel);
    return { penalty: tf.mul(mmd, this.config.regularizationWeight) as tf.Scalar, metrics: { 'loss/mmd': mmd } };
  }
}
