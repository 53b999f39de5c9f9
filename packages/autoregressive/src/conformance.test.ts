import * as tf from '@tensorflow/tfjs-core';
import { describeGenerativeModelConformance } from '@genmodels/core-nn/testing';
import type { AutoregressiveBatch } from './autoregressive-model.js';
import { GatedPixelCNN } from './gated-pixelcnn.js';
import { MADEDensity } from './made-density.js';
import { NADE } from './nade.js';
import { PixelCNN } from './pixelcnn.js';
import { PixelRNN } from './pixel-rnn.js';
import { RNADE } from './rnade.js';
import { binaryImages, tinyModels } from './test-utils/tiny-models.js';

const imageBatch = (seed: number) => binaryImages(seed, 6, 3);

describeGenerativeModelConformance<AutoregressiveBatch>('NADE', {
  createModel: (s) => tinyModels.nade(s),
  makeBatch: imageBatch,
  createFromConfig: (config) => new NADE(config as ConstructorParameters<typeof NADE>[0]),
});
describeGenerativeModelConformance<AutoregressiveBatch>('MADE (3 orderings)', {
  createModel: (s) => tinyModels.madeRandomOrder(s),
  makeBatch: imageBatch,
  createFromConfig: (config) => new MADEDensity(config as ConstructorParameters<typeof MADEDensity>[0]),
});
describeGenerativeModelConformance<AutoregressiveBatch>('PixelCNN', {
  createModel: (s) => tinyModels.pixelcnn(s),
  makeBatch: imageBatch,
  createFromConfig: (config) => new PixelCNN(config as ConstructorParameters<typeof PixelCNN>[0]),
});
describeGenerativeModelConformance<AutoregressiveBatch>('Gated PixelCNN', {
  createModel: (s) => tinyModels.gated(s),
  makeBatch: imageBatch,
  createFromConfig: (config) => new GatedPixelCNN(config as ConstructorParameters<typeof GatedPixelCNN>[0]),
});
describeGenerativeModelConformance<AutoregressiveBatch>('Gated PixelCNN (class-conditional)', {
  createModel: (s) => tinyModels.gatedConditional(s),
  createFromConfig: (config) => new GatedPixelCNN(config as ConstructorParameters<typeof GatedPixelCNN>[0]),
  makeBatch: (seed) => ({ x: imageBatch(seed), labels: tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32') }),
});
describeGenerativeModelConformance<AutoregressiveBatch>('PixelRNN (Row LSTM)', {
  createModel: (s) => tinyModels.pixelrnn(s, 2),
  createFromConfig: (config) => new PixelRNN(config as ConstructorParameters<typeof PixelRNN>[0]),
  makeBatch: (seed) => binaryImages(seed, 6, 2),
});
describeGenerativeModelConformance<AutoregressiveBatch>('RNADE', {
  createModel: (s) => tinyModels.rnade(s),
  createFromConfig: (config) => new RNADE(config as ConstructorParameters<typeof RNADE>[0]),
  makeBatch: (seed) => tf.randomNormal([8, 3], 0, 1, 'float32', seed),
});

const eightBitBatch = (seed: number) => tf.tidy(() => tf.div(tf.floor(tf.randomUniform([6, 3, 3, 1], 0, 256, 'float32', seed)), 255));
describeGenerativeModelConformance<AutoregressiveBatch>('PixelCNN (discretized logistic mixture, 8-bit)', {
  createModel: (seed) =>
    new PixelCNN({ inputShape: [3, 3, 1], filters: 4, firstKernelSize: 3, numResidualLayers: 1, outputHiddenUnits: 4, likelihood: 'logistic-mixture', numMixtureComponents: 2, seed }),
  createFromConfig: (config) => new PixelCNN(config as ConstructorParameters<typeof PixelCNN>[0]),
  makeBatch: eightBitBatch,
});
describeGenerativeModelConformance<AutoregressiveBatch>('PixelRNN (256-way categorical, 8-bit)', {
  createModel: (seed) => new PixelRNN({ inputShape: [2, 2, 1], filters: 4, numLayers: 1, firstKernelSize: 3, outputHiddenUnits: 4, likelihood: 'categorical', seed }),
  createFromConfig: (config) => new PixelRNN(config as ConstructorParameters<typeof PixelRNN>[0]),
  makeBatch: (seed) => tf.tidy(() => tf.div(tf.floor(tf.randomUniform([6, 2, 2, 1], 0, 256, 'float32', seed)), 255)),
});
