import * as tf from '@tensorflow/tfjs-core';
import { describeGenerativeModelConformance } from '@genmodels/core-nn/testing';
import { GAN } from './gan.js';
import type { GANConfigInput } from './gan-config.js';

/** Tiny networks on 2-D points (MLP) and 8x8x1 images (DCGAN), so every variant runs in seconds. */
const mlp: GANConfigInput = { inputShape: [2], latentDim: 3, generatorUnits: [8], discriminatorUnits: [8, 8] };
const conv: GANConfigInput = { inputShape: [8, 8, 1], latentDim: 4, generatorChannels: [6, 4], discriminatorChannels: [4, 6] };

const points = (seed: number) => tf.randomNormal([8, 2], 0, 1, 'float32', seed);
const images = (seed: number) => tf.tidy(() => tf.tanh(tf.randomNormal([6, 8, 8, 1], 0, 1, 'float32', seed)));
const labeled = (make: (seed: number) => tf.Tensor, numClasses: number) => (seed: number) => {
  const x = make(seed);
  return { x, labels: tf.tensor1d(Array.from({ length: x.shape[0] }, (_, i) => i % numClasses), 'int32') };
};

const variants: [string, GANConfigInput, (seed: number) => tf.Tensor | { x: tf.Tensor; labels: tf.Tensor1D }][] = [
  ['gan (MLP, non-saturating, EMA)', { ...mlp, modelType: 'gan', emaDecay: 0.9 }, points],
  ['gan (MLP, minimax)', { ...mlp, modelType: 'gan', loss: 'minimax' }, points],
  ['gan (MLP, least-squares)', { ...mlp, modelType: 'gan', loss: 'least-squares' }, points],
  ['gan (MLP, hinge, spectral norm)', { ...mlp, modelType: 'gan', loss: 'hinge', spectralNorm: true }, points],
  ['dcgan', { ...conv, modelType: 'dcgan' }, images],
  ['wgan (weight clipping)', { ...mlp, modelType: 'wgan', nCritic: 2, generatorOptimizer: { learningRate: 1e-3 }, discriminatorOptimizer: { learningRate: 1e-3 } }, points],
  ['wgan-gp (MLP)', { ...mlp, modelType: 'wgan-gp', nCritic: 2 }, points],
  ['wgan-gp (DCGAN, layer norm, spectral norm)', { ...conv, modelType: 'wgan-gp', nCritic: 1, spectralNorm: true }, images],
  ['cgan (MLP, projection, AC head)', { ...mlp, modelType: 'cgan', numClasses: 3, auxiliaryClassifier: true }, labeled(points, 3)],
  ['cgan (DCGAN, concat)', { ...conv, modelType: 'cgan', numClasses: 3, conditioning: 'concat', emaDecay: 0.99 }, labeled(images, 3)],
];

for (const [name, config, makeBatch] of variants) {
  describeGenerativeModelConformance(name, {
    createModel: (seed) => new GAN({ ...config, seed }),
    createFromConfig: (stored) => new GAN(stored as GANConfigInput),
    makeBatch,
    stepsToLearn: 20,
  });
}
