import * as tf from '@tensorflow/tfjs-core';
import { GatedPixelCNN } from '../gated-pixelcnn.js';
import { MADEDensity } from '../made-density.js';
import { NADE } from '../nade.js';
import { PixelCNN } from '../pixelcnn.js';
import { PixelRNN } from '../pixel-rnn.js';
import { RNADE } from '../rnade.js';

/** Tiny versions of every model, for tests on the cpu backend. */
export const tinyModels = {
  nade: (seed: number, side = 3) => new NADE({ inputShape: [side, side, 1], hiddenUnits: 6, seed }),
  made: (seed: number, side = 3) => new MADEDensity({ inputShape: [side, side, 1], hiddenUnits: [12, 10], activation: 'tanh', seed }),
  madeRandomOrder: (seed: number, side = 3) =>
    new MADEDensity({ inputShape: [side, side, 1], hiddenUnits: [16], ordering: 'random', numMasks: 3, activation: 'tanh', seed }),
  pixelcnn: (seed: number, side = 3) =>
    new PixelCNN({ inputShape: [side, side, 1], filters: 4, firstKernelSize: 3, numResidualLayers: 2, outputHiddenUnits: 4, seed }),
  gated: (seed: number, side = 3) =>
    new GatedPixelCNN({ inputShape: [side, side, 1], filters: 4, numLayers: 3, firstKernelSize: 3, kernelSize: 3, outputHiddenUnits: 4, seed }),
  gatedConditional: (seed: number, side = 3) =>
    new GatedPixelCNN({ inputShape: [side, side, 1], filters: 4, numLayers: 3, firstKernelSize: 3, outputHiddenUnits: 4, numClasses: 3, seed }),
  pixelrnn: (seed: number, side = 3) =>
    new PixelRNN({ inputShape: [side, side, 1], filters: 4, numLayers: 2, firstKernelSize: 3, outputHiddenUnits: 4, seed }),
  rnade: (seed: number) => new RNADE({ inputShape: [3], hiddenUnits: 8, numMixtureComponents: 2, seed }),
};

export function binaryImages(seed: number, n: number, side: number): tf.Tensor4D {
  return tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([n, side, side, 1], 0, 1, 'float32', seed), 0.5), 'float32') as tf.Tensor4D);
}

/** Every binary image of `side` x `side` pixels: [2^(side*side), side, side, 1], pixel d = bit d of the index. */
export function allBinaryImages(side: number): tf.Tensor4D {
  const d = side * side;
  const count = 2 ** d;
  const values = new Float32Array(count * d);
  for (let k = 0; k < count; k++) for (let i = 0; i < d; i++) values[k * d + i] = (k >> i) & 1;
  return tf.tensor4d(values, [count, side, side, 1]);
}
