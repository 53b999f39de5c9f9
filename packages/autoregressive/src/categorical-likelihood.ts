import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { DimensionLikelihood } from './dimension-likelihood.js';

/**
 * A 256-way softmax over the intensities of an 8-bit pixel (van den Oord et al. 2016, "Pixel
 * Recurrent Neural Networks", section 2.2). Data are values k / 255 in [0, 1]; the class is
 * round(255 x). The network reads 2x - 1.
 */
export class CategoricalLikelihood implements DimensionLikelihood {
  readonly name = 'categorical' as const;
  readonly paramsPerDim: number;

  constructor(readonly numLevels = 256) {
    this.paramsPerDim = numLevels;
  }

  networkInput(x: Tensor): Tensor {
    return tf.tidy(() => tf.sub(tf.mul(x, 2), 1));
  }

  logProb(params: Tensor, x: Tensor): Tensor {
    return tf.tidy(() => {
      const levels = this.numLevels;
      const bins = tf.cast(tf.clipByValue(tf.round(tf.mul(x, levels - 1)), 0, levels - 1), 'int32');
      const logP = tf.logSoftmax(params);
      return tf.sum(tf.mul(logP, tf.oneHot(bins, levels)), -1);
    });
  }

  sample(params: Tensor2D, seed: number, temperature: number): Tensor1D {
    return tf.tidy(() => {
      const draws = tf.multinomial(tf.div(params, temperature) as Tensor2D, 1, seed);
      return tf.div(tf.cast(tf.reshape(draws, [-1]), 'float32'), this.numLevels - 1) as Tensor1D;
    });
  }
}
