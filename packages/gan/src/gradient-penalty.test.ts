import * as tf from '@tensorflow/tfjs-core';
import { Parameters } from '@genmodels/core-nn';
import { numericalGradient } from '@genmodels/core-nn/testing';
import { describe, expect, it } from 'vitest';
import { Discriminator } from './discriminator.js';
import { resolveGANConfig } from './gan-config.js';
import { gradientPenalty } from './gradient-penalty.js';
import { leakyRelu } from './leaky-relu.js';

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

describe('leakyRelu (twice differentiable)', () => {
  it('equals tf.leakyRelu with the same first derivative', () => {
    const x = tf.tensor1d([-2, -0.5, 0.3, 1.5]);
    const ours = leakyRelu(x, 0.2);
    const theirs = tf.leakyRelu(x, 0.2);
    const gOurs = tf.grad((v: tf.Tensor) => tf.sum(tf.square(leakyRelu(v, 0.2))))(x);
    const gTheirs = tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.leakyRelu(v, 0.2))))(x);
    expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()).map((v) => expect.closeTo(v, 6)));
    expect(Array.from(gOurs.dataSync())).toEqual(Array.from(gTheirs.dataSync()).map((v) => expect.closeTo(v, 6)));
    tf.dispose([x, ours, theirs, gOurs, gTheirs]);
  });

  it('has a second derivative where tf.leakyRelu (tfjs-core 4.22) has none', (context) => {
    const x = tf.tensor1d([-2, 0.3, 1.5]);
    const w = tf.variable(tf.tensor1d([1, -1, 2]));
    const penalty = (act: (v: tf.Tensor) => tf.Tensor) => () =>
      tf.tidy(() => tf.sum(tf.square(tf.grad((v: tf.Tensor) => tf.sum(act(tf.mul(v, w))))(x))) as tf.Scalar);
    const ours = tf.variableGrads(penalty((v) => leakyRelu(v, 0.2)), [w]);
    // d/dw of sum((w * act'(w x))^2) = 2 w act'^2 (act' constant per side): 2*1*0.04, 2*(-1)*0.04, 2*2*1.
    expect(Array.from(ours.grads[w.name].dataSync())).toEqual([expect.closeTo(0.08, 5), expect.closeTo(-0.08, 5), expect.closeTo(4, 5)]);
    tf.dispose([ours.value, ...Object.values(ours.grads)]);
    const before = tf.memory().numTensors;
    expect(() => tf.variableGrads(penalty((v) => tf.leakyRelu(v, 0.2)), [w])).toThrow(/gradient function not found for Greater/);
    // The engine keeps the tensors it saved for the backward pass when a gradient throws: that
    // leak is TF.js's, after our own checks, so this test opts out of the leak check for it only.
    if (tf.memory().numTensors > before) (context.task.meta as { allowTensorLeak?: boolean }).allowTensorLeak = true;
    tf.dispose([x, w]);
  });
});
