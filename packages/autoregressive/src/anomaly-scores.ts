import * as tf from '@tensorflow/tfjs-core';
import type { AutoregressiveConfig } from './autoregressive-config.js';
import type { AutoregressiveModel } from './autoregressive-model.js';

export interface AnomalyScores {
  /** -log p(x) per image in nats: [batch]. Higher = more anomalous. */
  nll: tf.Tensor1D;
  /** -log p(x_d | x_<d) per pixel, shaped like x: where in the image the surprise is. */
  nllMap: tf.Tensor;
}

/**
 * Anomaly scores from an exact autoregressive likelihood: the per-image NLL and the per-pixel
 * NLL map whose sum it is (for MADE ensembles the map uses mask set 0). The caller owns both.
 */
export function anomalyScores<C extends AutoregressiveConfig>(model: AutoregressiveModel<C>, x: tf.Tensor, labels?: tf.Tensor1D): AnomalyScores {
  return tf.tidy(() => {
    const nllMap = model.nllMap(x, labels);
    const nll = tf.neg(model.logProb(x, labels)) as tf.Tensor1D;
    return { nll, nllMap };
  });
}
