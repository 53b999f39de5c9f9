import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BernoulliLikelihood } from './bernoulli-likelihood.js';
import { CategoricalLikelihood } from './categorical-likelihood.js';
import { createLikelihood } from './create-likelihood.js';
import { DiscretizedLogisticMixtureLikelihood } from './discretized-logistic-mixture.js';
import { GaussianMixtureLikelihood } from './gaussian-mixture-likelihood.js';

/** Sum over the 256 levels x = k / 255 of p(x | params) for one parameter vector. */
function totalOver256(likelihood: { logProb(p: tf.Tensor, x: tf.Tensor): tf.Tensor }, params: number[]): number {
  return tf.tidy(() => {
    const x = tf.div(tf.range(0, 256), 255);
    const p = tf.tile(tf.tensor2d([params]), [256, 1]);
    return tf.sum(tf.exp(likelihood.logProb(p, x))).dataSync()[0];
  });
}

describe('per-dimension likelihoods', () => {
  it('Bernoulli: p(0) + p(1) = 1 and log p matches log sigmoid', () => {
    const b = new BernoulliLikelihood();
    const lp = tf.tidy(() => b.logProb(tf.tensor2d([[0.7], [0.7], [-2]]), tf.tensor1d([1, 0, 1])).arraySync() as number[]);
    expect(Math.exp(lp[0]) + Math.exp(lp[1])).toBeCloseTo(1, 6);
    expect(lp[2]).toBeCloseTo(-Math.log1p(Math.exp(2)), 5);
  });

  it('256-way categorical sums to one over the levels and reads level round(255 x)', () => {
    const c = new CategoricalLikelihood();
    const logits = Array.from({ length: 256 }, (_, k) => Math.sin(k) * 3);
    expect(totalOver256(c, logits)).toBeCloseTo(1, 4);
    const lp = tf.tidy(() => c.logProb(tf.tensor2d([logits]), tf.tensor1d([17 / 255])).dataSync()[0]);
    const lse = Math.log(logits.reduce((s, l) => s + Math.exp(l), 0));
    expect(lp).toBeCloseTo(logits[17] - lse, 4);
  });

  it.each([
    ['centred', [0.2, -0.5, 0.1, -0.3, 0.4, -0.8, -3, -2.5, -4]],
    ['sharp and at the edges', [1, 0, -1, -0.99, 0.99, 0.0, -6, -5, -7]],
  ])('discretized logistic mixture sums to one over the 256 levels (%s)', (_, params) => {
    const l = new DiscretizedLogisticMixtureLikelihood(3);
    expect(totalOver256(l, params)).toBeCloseTo(1, 3);
  });

  it('Gaussian mixture integrates to one (trapezoid rule)', () => {
    const g = new GaussianMixtureLikelihood(2);
    const total = tf.tidy(() => {
      const x = tf.linspace(-12, 12, 4801);
      const p = tf.tile(tf.tensor2d([[0.3, -0.2, -1, 2, -0.5, 0.2]]), [4801, 1]);
      return tf.sum(tf.exp(g.logProb(p, x))).dataSync()[0] * (24 / 4800);
    });
    expect(total).toBeCloseTo(1, 3);
  });

  it('samples land in each likelihood support and are reproducible with a seed', () => {
    tf.tidy(() => {
      const dl = new DiscretizedLogisticMixtureLikelihood(2);
      const params = tf.tile(tf.tensor2d([[0, 0, 0.2, -0.4, -2, -2]]), [50, 1]) as tf.Tensor2D;
      const a = dl.sample(params, 5, 1).arraySync();
      expect(dl.sample(params, 5, 1).arraySync()).toEqual(a);
      expect(a.every((v) => v >= 0 && v <= 1 && Math.abs(v * 255 - Math.round(v * 255)) < 1e-4)).toBe(true);
      const cat = new CategoricalLikelihood().sample(tf.zeros([20, 256]) as tf.Tensor2D, 3, 1).arraySync();
      expect(cat.every((v) => v >= 0 && v <= 1)).toBe(true);
      const bern = new BernoulliLikelihood().sample(tf.fill([100, 1], 2) as tf.Tensor2D, 4, 1).arraySync();
      expect(new Set(bern)).toEqual(new Set([0, 1]));
      const mean = bern.reduce((s, v) => s + v, 0) / 100;
      expect(mean).toBeGreaterThan(0.7); // sigmoid(2) = 0.88
    });
  });

  it('names an unknown likelihood in its error', () => {
    expect(() => createLikelihood('poisson' as never)).toThrow(/unknown likelihood "poisson"/);
  });
});

describe('likelihood gradients', () => {
  it.each([
    ['discretized logistic mixture', new DiscretizedLogisticMixtureLikelihood(2), 6],
    ['categorical', new CategoricalLikelihood(), 256],
    ['Gaussian mixture', new GaussianMixtureLikelihood(2), 6],
  ])('%s: log p is differentiable in its parameters and matches finite differences', (_, likelihood, k) => {
    tf.tidy(() => {
      const params = tf.randomNormal([4, k], 0, 0.5, 'float32', 7);
      const x = tf.tensor1d([0, 3 / 255, 128 / 255, 1]);
      const f = (p: tf.Tensor) => tf.sum(likelihood.logProb(p, x));
      const g = tf.grad(f)(params);
      expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
      // central difference on one parameter
      const eps = 1e-2;
      const bump = tf.mul(tf.reshape(tf.oneHot(tf.tensor1d([1], 'int32'), 4 * k), [4, k]), eps);
      const numeric = (f(tf.add(params, bump)).dataSync()[0] - f(tf.sub(params, bump)).dataSync()[0]) / (2 * eps);
      expect(g.dataSync()[1]).toBeCloseTo(numeric, 1);
    });
  });
});
