import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** The activations TF.js fuses into _FusedMatMul / FusedConv2D. */
export type FusedActivation = 'linear' | 'relu' | 'prelu' | 'elu' | 'relu6' | 'leakyrelu' | 'sigmoid';

/** Applies a fused kernel's activation with ordinary ops (same definitions as tfjs-core's fused ops). */
export function applyActivation(
  x: Tensor,
  activation: FusedActivation | undefined,
  preluWeights: Tensor | undefined,
  leakyreluAlpha: number | undefined,
): Tensor {
  switch (activation ?? 'linear') {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'relu6':
      return tf.relu6(x);
    case 'elu':
      return tf.elu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'leakyrelu':
      return tf.leakyRelu(x, leakyreluAlpha ?? 0.2);
    case 'prelu':
      if (preluWeights === undefined) throw new Error("fused activation 'prelu' needs preluActivationWeights");
      return tf.prelu(x, preluWeights);
    default:
      throw new Error(`unknown fused activation '${String(activation)}'; expected linear, relu, relu6, elu, sigmoid, leakyrelu or prelu`);
  }
}
