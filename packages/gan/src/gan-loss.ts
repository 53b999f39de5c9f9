/**
 * The adversarial objectives, on the discriminator's raw outputs (logits for the cross-entropy
 * losses, critic values otherwise), each averaged over the batch. See GANLoss for the papers.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { GANLoss } from './gan-config.js';

/** The discriminator's (critic's) loss, which it minimizes. */
export function discriminatorLoss(loss: GANLoss, realOutput: Tensor, fakeOutput: Tensor): Scalar {
  return tf.tidy(() => {
    switch (loss) {
      case 'minimax':
      case 'non-saturating':
        // -E[log D(x)] - E[log(1 - D(G(z)))] with D = sigmoid(logit): softplus(-r) + softplus(f).
        return tf.add(tf.mean(tf.softplus(tf.neg(realOutput))), tf.mean(tf.softplus(fakeOutput)));
      case 'least-squares':
        return tf.mul(tf.add(tf.mean(tf.square(tf.sub(realOutput, 1))), tf.mean(tf.square(fakeOutput))), 0.5);
      case 'hinge':
        return tf.add(tf.mean(tf.relu(tf.sub(1, realOutput))), tf.mean(tf.relu(tf.add(1, fakeOutput))));
      case 'wasserstein':
        return tf.sub(tf.mean(fakeOutput), tf.mean(realOutput));
      default:
        throw new Error(`unknown GAN loss "${String(loss)}"`);
    }
  }) as Scalar;
}

/** The generator's loss, which it minimizes. */
export function generatorLoss(loss: GANLoss, fakeOutput: Tensor): Scalar {
  return tf.tidy(() => {
    switch (loss) {
      case 'minimax':
        // G minimizes E[log(1 - D(G(z)))] = -E[softplus(f)]: saturates when D rejects the fakes.
        return tf.neg(tf.mean(tf.softplus(fakeOutput)));
      case 'non-saturating':
        // G minimizes -E[log D(G(z))] = E[softplus(-f)].
        return tf.mean(tf.softplus(tf.neg(fakeOutput)));
      case 'least-squares':
        return tf.mul(tf.mean(tf.square(tf.sub(fakeOutput, 1))), 0.5);
      case 'hinge':
      case 'wasserstein':
        return tf.neg(tf.mean(fakeOutput));
      default:
        throw new Error(`unknown GAN loss "${String(loss)}"`);
    }
  }) as Scalar;
}

/**
 * What the training log calls D(x) or D(G(z)): the mean probability sigmoid(logit) for the
 * cross-entropy losses, the mean raw output (critic value) for the others.
 */
export function discriminatorReading(loss: GANLoss, output: Tensor): Scalar {
  return tf.tidy(() => (loss === 'minimax' || loss === 'non-saturating' ? tf.mean(tf.sigmoid(output)) : tf.mean(output))) as Scalar;
}
