import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GAN } from './gan.js';

const normalPdf = (x: number, mu: number) => Math.exp(-0.5 * (x - mu) ** 2) / Math.sqrt(2 * Math.PI);

/**
 * Goodfellow et al. 2014, Proposition 1: for a fixed G, the optimal discriminator is
 * D*(x) = p_data(x) / (p_data(x) + p_g(x)). Here p_data = N(0, 1) and G is the affine map
 * z -> z + 1.5 (no hidden layers), so p_g = N(1.5, 1) and D*(x) = sigmoid(-1.5 x + 1.125).
 */
describe('optimal discriminator on a 1-D toy', () => {
  it('with G fixed, a trained D approaches p_data / (p_data + p_g)', () => {
    const gan = new GAN({
      modelType: 'gan',
      loss: 'minimax',
      inputShape: [1],
      latentDim: 1,
      generatorUnits: [],
      discriminatorUnits: [16, 16],
      discriminatorOptimizer: { learningRate: 3e-3, beta1: 0.5 },
      seed: 3,
    });
    const weights = gan.getWeights();
    const fixed: tf.NamedTensorMap = { ...weights };
    fixed['generator/output/kernel'] = tf.tensor2d([[1]]);
    fixed['generator/output/bias'] = tf.tensor1d([1.5]);
    gan.setWeights(fixed);
    const generatorBefore = Array.from(fixed['generator/output/bias'].dataSync());
    tf.dispose([...Object.values(weights), fixed['generator/output/kernel'], fixed['generator/output/bias']]);

    for (let step = 0; step < 400; step++) {
      const batch = tf.randomNormal([256, 1], 0, 1, 'float32', 1000 + step);
      tf.dispose(Object.values(gan.discriminatorStep(batch, 5000 + step)));
      batch.dispose();
    }
    const grid = [-1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5];
    const xs = tf.tensor2d(grid, [grid.length, 1]);
    const d = tf.tidy(() => tf.sigmoid(gan.discriminator.apply(xs, null).output));
    const values = Array.from(d.dataSync());
    grid.forEach((x, i) => {
      const optimal = normalPdf(x, 0) / (normalPdf(x, 0) + normalPdf(x, 1.5));
      expect(Math.abs(values[i] - optimal), `D(${x}) = ${values[i].toFixed(3)}, optimum ${optimal.toFixed(3)}`).toBeLessThan(0.06);
    });
    // The discriminator steps left G alone.
    const after = gan.getWeights();
    expect(Array.from(after['generator/output/bias'].dataSync())).toEqual(generatorBefore);
    tf.dispose([xs, d, ...Object.values(after)]);
    gan.dispose();
  });
});
