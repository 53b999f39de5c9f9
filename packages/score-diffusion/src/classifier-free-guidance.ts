/**
 * Classifier-free guidance (Ho & Salimans 2022, eq. 6): with weight w, the guided output is
 * (1 + w) eps(x, c) - w eps(x), the unconditional pass taking the "no label" class `numClasses`
 * the network was trained with by label dropout. Both passes run as one batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import type { DenoiserNetwork } from './denoiser-network.js';

/** The network output for the batch, guided with weight `guidanceScale` when labels are given. */
export function guidedNetworkOutput(
  network: DenoiserNetwork,
  x: Tensor,
  conditioning: Tensor1D,
  labels: Tensor1D | null,
  numClasses: number,
  guidanceScale: number,
): Tensor {
  return tf.tidy(() => {
    if (!labels) return network.apply(x, conditioning);
    if (guidanceScale === 0) return network.apply(x, conditioning, labels);
    const batch = x.shape[0];
    const both = network.apply(
      tf.concat([x, x], 0),
      tf.concat([conditioning, conditioning]) as Tensor1D,
      tf.concat([labels, tf.fill([batch], numClasses, 'int32')]) as Tensor1D,
    );
    const [conditional, unconditional] = tf.split(both, 2, 0);
    return tf.sub(tf.mul(conditional, 1 + guidanceScale), tf.mul(unconditional, guidanceScale));
  });
}
