/**
 * The adversarial autoencoder (Makhzani et al. 2016, "Adversarial Autoencoders"): a
 * deterministic autoencoder whose codes are pushed towards the prior N(0, I) by a
 * discriminator on the latent space. Each step first updates the discriminator to tell prior
 * draws (label 1) from codes E(x) (label 0), then updates the encoder and decoder on
 * reconstruction + weight * (-log D(E(x))) (the non-saturating generator loss, Goodfellow et
 * al. 2014). Two optimizers, both in getOptimizerState ('adam/...' and 'discriminator/adam/...').
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerSlot, StepContext, StepMetrics } from '@genmodels/core-nn';
import { Dense, createOptimizer, deriveSeed, trainStepFromLoss } from '@genmodels/core-nn';
import { Autoencoder, type CodePenalty } from './autoencoder.js';
import type { AutoencoderConfigInput } from './autoencoder-config.js';

export class AAE extends Autoencoder {
  private readonly discriminator: Dense[];
  private readonly discriminatorOptimizer: OptimizerSlot;

  /** Defaults: modelType 'aae', an 8-dimensional code, adversarial weight 1, discriminator 256-256. */
  constructor(config: AutoencoderConfigInput = {}) {
    super({ ...config, modelType: 'aae' });
    const params = this.params.scope('discriminator');
    let width = this.config.latentDim;
    this.discriminator = this.config.discriminatorUnits.map((units, i) => {
      const layer = new Dense(params, `dense${i}`, { inputDim: width, units, activation: 'relu' });
      width = units;
      return layer;
    });
    this.discriminator.push(new Dense(params, 'logit', { inputDim: width, units: 1 }));
    this.discriminatorOptimizer = this.state.addOptimizer('discriminator/adam', createOptimizer(this.config.discriminatorOptimizer), () =>
      params.trainableVariables,
    );
  }

  /** The discriminator's logit that z came from the prior: [batch]. */
  discriminate(z: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      let h = z;
      for (const layer of this.discriminator) h = layer.apply(h);
      return tf.reshape(h, [z.shape[0]]) as tf.Tensor1D;
    });
  }

  /** Discriminator loss: -log D(z_prior) - log(1 - D(E(x))), mean over the batch. */
  private discriminatorLoss(codes: tf.Tensor2D, seed: number): tf.Scalar {
    return tf.tidy(() => {
      const prior = tf.randomNormal(codes.shape, 0, 1, 'float32', deriveSeed(seed, 5)) as tf.Tensor2D;
      const real = tf.softplus(tf.neg(this.discriminate(prior)));
      const fake = tf.softplus(this.discriminate(codes));
      return tf.add(tf.mean(real), tf.mean(fake)) as tf.Scalar;
    });
  }

  /** The encoder's adversarial loss -log D(E(x)), weighted. */
  protected override codePenalty(codes: tf.Tensor2D): CodePenalty {
    const generatorLoss = tf.mean(tf.softplus(tf.neg(this.discriminate(codes)))) as tf.Scalar;
    return { penalty: tf.mul(generatorLoss, this.config.regularizationWeight) as tf.Scalar, metrics: { 'g/loss': generatorLoss } };
  }

  override trainStep(batch: tf.Tensor, context: StepContext): StepMetrics {
    this.assertBatch(batch);
    const codes = tf.tidy(() => this.encode(this.encoderInput(batch, context.seed)));
    const { clipNorm } = this.config;
    const d = trainStepFromLoss(this.discriminatorOptimizer, () => this.discriminatorLoss(codes, context.seed), { clipNorm });
    codes.dispose();
    const ae = trainStepFromLoss(this.optimizer, () => this.objective(batch, context.seed), { clipNorm });
    return { ...ae, 'd/loss': d.loss, 'd/grad/norm': d['grad/norm'] };
  }

  override evaluateStep(batch: tf.Tensor, context?: StepContext): StepMetrics {
    const metrics = super.evaluateStep(batch, context);
    const seed = context ? deriveSeed(context.seed, 2) : 20160;
    const dLoss = tf.tidy(() => this.discriminatorLoss(this.encode(this.encoderInput(batch, seed)), seed));
    return { ...metrics, 'd/loss': dLoss };
  }
}
