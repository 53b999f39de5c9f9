import * as tf from '@tensorflow/tfjs-core';
import '@genmodels/core-nn'; // registers tfjs-core's gradients, which tfjs-core alone does not in Node
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

  it('the written-out gradients of KL and of the reparameterization equal autodiff of the composed forms, and have gradients themselves', () => {
    const mu = tf.tensor2d([[0.7, -1.2, 0.1], [0, 2, -0.4]]);
    const logVar = tf.tensor2d([[-0.5, 0.3, -1.5], [0, 1.2, -3]]);
    const eps = tf.tensor2d([[0.3, -1, 2], [-0.2, 0.5, 1.1]]);
    const w = tf.tensor2d([[1, -2, 0.5], [0.25, 3, -1]]);
    const composedKl = (m: tf.Tensor, lv: tf.Tensor) => tf.mul(tf.sum(tf.sub(tf.add(tf.exp(lv), tf.square(m)), tf.add(lv, 1)), -1), 0.5);
    const composedZ = (m: tf.Tensor, lv: tf.Tensor) => tf.add(m, tf.mul(tf.exp(tf.mul(lv, 0.5)), eps));
    const objective = (kl: typeof composedKl, z: typeof composedZ) => (m: tf.Tensor, lv: tf.Tensor) =>
      tf.add(tf.sum(tf.mul(kl(m, lv), tf.tensor1d([1.5, -0.5]))), tf.sum(tf.mul(z(m, lv), w)));
    const written = objective((m, lv) => klToStandardNormal(m as tf.Tensor2D, lv as tf.Tensor2D), (m, lv) => reparameterize(m, lv, eps));
    const read = (ts: tf.Tensor[]) => ts.map((t) => Array.from(t.dataSync()));
    const [actual, expected] = tf.tidy(() => [read(tf.grads(written)([mu, logVar])), read(tf.grads(objective(composedKl, composedZ))([mu, logVar]))]);
    actual!.forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(expected![i]![j]!, 5)));
    // Second derivative in logVar: d2 KL / dlogVar2 = exp(logVar) / 2 per element (weight 1.5 on row 0).
    const second = tf.tidy(() =>
      Array.from(tf.grad((lv: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(klToStandardNormal(mu, u as tf.Tensor2D)))(lv)))(logVar).dataSync()),
    );
    Array.from(logVar.dataSync()).forEach((lv, i) => expect(second[i]).toBeCloseTo(Math.exp(lv) / 2, 5));
    // d2/dlogVar2 of sum(z * w) = w eps exp(logVar / 2) / 4.
    const secondZ = tf.tidy(() =>
      Array.from(tf.grad((lv: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(tf.mul(reparameterize(mu, u, eps), w)))(lv)))(logVar).dataSync()),
    );
    const [lvs, es, ws] = [logVar, eps, w].map((t) => t.dataSync());
    secondZ.forEach((g, i) => expect(g).toBeCloseTo((ws![i]! * es![i]! * Math.exp(lvs![i]! / 2)) / 4, 5));
    tf.dispose([mu, logVar, eps, w]);
  });

  it('the reparameterization gradient holds when the noise is drawn inside the loss (a step frees it before the backward pass)', () => {
    const mu = tf.tidy(() => tf.variable(tf.tensor2d([[0.5, -1, 2]])));
    const logVar = tf.tidy(() => tf.variable(tf.tensor2d([[0.2, -0.6, 1]])));
    const draw = () => tf.randomNormal([1, 3], 0, 1, 'float32', 11);
    const { value, grads } = tf.variableGrads(() => tf.sum(reparameterize(mu, logVar, draw())) as tf.Scalar, [mu, logVar]);
    const eps = draw();
    const expected = tf.tidy(() => Array.from(tf.mul(tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps), 0.5).dataSync()));
    Array.from(grads[logVar.name]!.dataSync()).forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 6));
    expect(Array.from(grads[mu.name]!.dataSync())).toEqual([1, 1, 1]);
    tf.dispose([mu, logVar, value, eps, ...Object.values(grads)]);
  });

  it('log density of N(0,1) at 0 in one dimension is -log(2 pi)/2', async () => {
    const z = tf.zeros([1, 1]);
    const value = standardNormalLogDensity(z);
    expect((await value.data())[0]).toBeCloseTo(-0.5 * Math.log(2 * Math.PI), 6);
    tf.dispose([z, value]);
  });
});
