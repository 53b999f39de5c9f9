import * as tf from '@tensorflow/tfjs-core';
import { describeGenerativeModelConformance } from '@genmodels/core-nn/testing';
import type { AutoregressiveBatch } from './autoregressive-model.js';
import { binaryImages, tinyModels } from './test-utils/tiny-models.js';

const imageBatch = (seed: number) => binaryImages(seed, 6, 3);

describeGenerativeModelConformance<AutoregressiveBatch>('NADE', { createModel: (s) => tinyModels.nade(s), makeBatch: imageBatch });
describeGenerativeModelConformance<AutoregressiveBatch>('MADE (3 orderings)', { createModel: (s) => tinyModels.madeRandomOrder(s), makeBatch: imageBatch });
describeGenerativeModelConformance<AutoregressiveBatch>('PixelCNN', { createModel: (s) => tinyModels.pixelcnn(s), makeBatch: imageBatch });
describeGenerativeModelConformance<AutoregressiveBatch>('Gated PixelCNN', { createModel: (s) => tinyModels.gated(s), makeBatch: imageBatch });
describeGenerativeModelConformance<AutoregressiveBatch>('Gated PixelCNN (class-conditional)', {
  createModel: (s) => tinyModels.gatedConditional(s),
  makeBatch: (seed) => ({ x: imageBatch(seed), labels: tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32') }),
});
describeGenerativeModelConformance<AutoregressiveBatch>('PixelRNN (Row LSTM)', {
  createModel: (s) => tinyModels.pixelrnn(s, 2),
  makeBatch: (seed) => binaryImages(seed, 6, 2),
});
describeGenerativeModelConformance<AutoregressiveBatch>('RNADE', {
  createModel: (s) => tinyModels.rnade(s),
  makeBatch: (seed) => tf.randomNormal([8, 3], 0, 1, 'float32', seed),
});
