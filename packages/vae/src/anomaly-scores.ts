/**
 * Per-example anomaly scores: the negative ELBO, or the IWAE estimate of -log p(x) with K
 * importance samples, for VAEs (An & Cho 2015, "Variational Autoencoder based Anomaly Detection
 * using Reconstruction Probability", use the related reconstruction probability); the summed
 * reconstruction error -log p(x | z = E(x)) for the deterministic autoencoders. Higher means
 * less like the training data. Both are in nats.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Autoencoder } from './autoencoder.js';
import type { Labels } from '@genmodels/core-nn';
import type { VAE } from './vae.js';

export interface AnomalyScoreOptions {
  /** VAEs: K = 1 scores the negative ELBO, K > 1 the IWAE estimate. */
  numImportanceSamples?: number;
  seed?: number;
  /** Conditional VAE only. */
  labels?: Labels;
}

/** The kind of score anomalyScores gives for a model and K, for reports. */
export function describeAnomalyScore(model: VAE | Autoencoder, numImportanceSamples = 1): string {
  if ('elbo' in model) return numImportanceSamples > 1 ? `IWAE estimate of -log p(x), K = ${numImportanceSamples} (nats)` : 'negative ELBO (nats)';
  return 'reconstruction error -log p(x | z = E(x)) (nats)';
}

/** One score per example, [batch]. */
export function anomalyScores(model: VAE | Autoencoder, x: tf.Tensor, options: AnomalyScoreOptions = {}): tf.Tensor1D {
  return tf.tidy(() => {
    if ('elbo' in model) {
      return tf.neg(model.elbo(x, { numImportanceSamples: options.numImportanceSamples ?? 1, seed: options.seed, labels: options.labels })) as tf.Tensor1D;
    }
    const perValue = model.reconstructionError(x);
    return tf.sum(tf.reshape(perValue, [x.shape[0], -1]), 1) as tf.Tensor1D;
  });
}
