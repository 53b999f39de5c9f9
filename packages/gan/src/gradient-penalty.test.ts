import * as tf from '@tensorflow/tfjs-core';
import { Parameters } from '@genmodels/core-nn';
import { numericalGradient } from '@genmodels/core-nn/testing';
import { describe, expect, it } from 'vitest';
import { Discriminator } from './discriminator.js';
import { resolveGANConfig } from './gan-config.js';
import { gradientPenalty } from './gradient-penalty.js';

/** A tiny DCGAN critic on 4x4x1 images: conv(s2) - LReLU - conv(s2) - LayerNorm - LReLU - dense. */
function tinyCritic(seed: number): { critic: Discriminator; params: Parameters } {
  const config = resolveGANConfig({
    modelType: 'wgan-gp',
    inputShape: [4, 4, 1],
    generatorChannels: [2],
    discriminatorChannels: [3, 2],
    kernelSize: 3,
    seed,
  });
  expect(config.discriminatorNorm).toBe('layer');
  const params = new Parameters({ seed });
  return { critic: new Discriminator(params.scope('d'), config), params };
}

describe('gradientPenalty', () => {
  it('matches a finite-difference estimate of ||grad_x D(x_hat)|| and the penalty', () => {
    const { critic, params } = tinyCritic(3);
    const real = tf.randomNormal([3, 4, 4, 1], 0, 1, 'float32', 5);
    const fake = tf.randomNormal([3, 4, 4, 1], 0, 1, 'float32', 6);
    const eps = tf.tensor1d([0.2, 0.5, 0.9]);
    const { penalty, norms } = gradientPenalty((x) => critic.apply(x, null).output, real, fake, { epsilon: eps });
    const autodiff = Array.from(norms.dataSync());
    const r = real.arraySync() as number[][][][];
    const f = fake.arraySync() as number[][][][];
    const expectedNorms = [0.2, 0.5, 0.9].map((e, i) => {
      const xHat = r[i].flat(2).map((v, j) => e * v + (1 - e) * f[i].flat(2)[j]);
      const d = (x: Float64Array) =>
        tf.tidy(() => critic.apply(tf.tensor4d(Array.from(x), [1, 4, 4, 1]), null).output.dataSync()[0]);
      const g = numericalGradient(d, xHat, 1e-2);
      return Math.sqrt(g.reduce((a, v) => a + v * v, 0));
    });
    for (let i = 0; i < 3; i++) expect(autodiff[i]).toBeCloseTo(expectedNorms[i], 2);
    const expectedPenalty = expectedNorms.reduce((a, n) => a + (n - 1) ** 2, 0) / 3;
    expect(penalty.dataSync()[0]).toBeCloseTo(expectedPenalty, 2);
    tf.dispose([real, fake, eps, penalty, norms]);
    params.dispose();
  });

  it("has the right derivative with respect to the critic's weights (a second derivative), by finite differences", () => {
    const { critic, params } = tinyCritic(4);
    const real = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 7);
    const fake = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 8);
    const eps = tf.tensor1d([0.3, 0.7]);
    const penaltyValue = () =>
      tf.tidy(() => gradientPenalty((x) => critic.apply(x, null).output, real, fake, { epsilon: eps }).penalty.dataSync()[0]);
    const kernel = params.get('d/conv1/kernel');
    const { value, grads } = tf.variableGrads(
      () => gradientPenalty((x) => critic.apply(x, null).output, real, fake, { epsilon: eps }).penalty,
      [kernel],
    );
    const analytic = Array.from(grads[kernel.name].dataSync());
    const original = kernel.arraySync();
    const flat = Array.from(kernel.dataSync());
    // Finite differences on a few kernel entries (float32, so a coarse step and tolerance).
    for (const index of [0, 7, 19, 33, 50]) {
      const numeric = numericalGradient(
        (w) => {
          const copy = flat.slice();
          copy[index] = w[0];
          tf.tidy(() => kernel.assign(tf.tensor(copy, kernel.shape)));
          return penaltyValue();
        },
        [flat[index]],
        1e-2,
      )[0];
      expect(Math.abs(analytic[index] - numeric), `entry ${index}: autodiff ${analytic[index]}, numeric ${numeric}`).toBeLessThan(
        2e-2 * Math.max(1, Math.abs(numeric)),
      );
    }
    expect(analytic.some((g) => Math.abs(g) > 1e-4)).toBe(true);
    tf.tidy(() => kernel.assign(tf.tensor(original as number[][][][])));
    tf.dispose([real, fake, eps, value, ...Object.values(grads)]);
    params.dispose();
  });
});
