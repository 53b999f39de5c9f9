/** sum over every binary image of exp(log p(x)) must be 1: the models are normalized exactly. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { allBinaryImages, tinyModels } from './test-utils/tiny-models.js';

describe('probabilities sum to one over a binary image space', () => {
  it.each([
    ['NADE (3x3)', () => tinyModels.nade(5, 3), 3],
    ['MADE (3x3)', () => tinyModels.made(5, 3), 3],
    ['MADE, 3 random orderings averaged (3x3)', () => tinyModels.madeRandomOrder(5, 3), 3],
    ['PixelCNN (3x3)', () => tinyModels.pixelcnn(5, 3), 3],
    ['Gated PixelCNN (3x3)', () => tinyModels.gated(5, 3), 3],
    ['PixelRNN (2x2)', () => tinyModels.pixelrnn(5, 2), 2],
  ])('%s', (_, create, side) => {
    const model = create();
    const images = allBinaryImages(side);
    const total = tf.tidy(() => tf.sum(tf.exp(model.logProb(images))).dataSync()[0]);
    expect(total).toBeCloseTo(1, 4);
    images.dispose();
    model.dispose();
  });

  it('class-conditional Gated PixelCNN, for each class', () => {
    const model = tinyModels.gatedConditional(6, 2);
    const images = allBinaryImages(2);
    for (const label of [0, 2]) {
      const total = tf.tidy(() => tf.sum(tf.exp(model.logProb(images, tf.fill([16], label, 'int32') as tf.Tensor1D))).dataSync()[0]);
      expect(total).toBeCloseTo(1, 4);
    }
    images.dispose();
    model.dispose();
  });
});
