import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { diagonalGaussianLogDensity, klToStandardNormal, reparameterize, standardNormalLogDensity } from './diagonal-gaussian.js';

describe('diagonal Gaussian posterior', () => {
  it('analytic KL matches a Monte Carlo estimate E_q[log q(z) - log p(z)]', async () => {
    const mu = tf.tensor2d([[0.7, -1.2, 0.1]]);
    const logVar = tf.tensor2d([[-0.5, 0.3, -1.5]]);
    const klTensor = klToStandardNormal(mu, logVar);
    const analytic = (await klTensor.data())[0];
    klTensor.dispose();
    const n = 200_000;
    const monteCarlo = tf.tidy(() => {
      const eps = tf.randomNormal([n, 3], 0, 1, 'float32', 7);
      const z = reparameterize(mu, logVar, eps);
      return tf.mean(tf.sub(diagonalGaussianLogDensity(z, mu, logVar), standardNormalLogDensity(z)));
    });
    const estimate = (await monteCarlo.data())[0];
    // Standard error of this estimate is about 0.003 for these parameters.
    expect(Math.abs(estimate - analytic)).toBeLessThan(0.02);
    expect(analytic).toBeGreaterThan(0.5);
    tf.dispose([mu, logVar, monteCarlo]);
  });

  it('KL is zero exactly at the prior and positive elsewhere', async () => {
    const zero = tf.zeros([2, 4]) as tf.Tensor2D;
    const shifted = tf.fill([2, 4], 0.5) as tf.Tensor2D;
    const klZero = klToStandardNormal(zero, zero);
    const klShifted = klToStandardNormal(shifted, zero);
    expect(Array.from(await klZero.data())).toEqual([0, 0]);
    // 0.5 * 4 * 0.25 = 0.5 per example
    for (const v of await klShifted.data()) expect(v).toBeCloseTo(0.5, 6);
    tf.dispose([zero, shifted, klZero, klShifted]);
  });

  it('log density of N(0,1) at 0 in one dimension is -log(2 pi)/2', async () => {
    const z = tf.zeros([1, 1]);
    const value = standardNormalLogDensity(z);
    expect((await value.data())[0]).toBeCloseTo(-0.5 * Math.log(2 * Math.PI), 6);
    tf.dispose([z, value]);
  });
});
