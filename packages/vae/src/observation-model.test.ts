import * as tf from '@tensorflow/tfjs-core';
import '@genmodels/core-nn'; // registers tfjs-core's gradients, which tfjs-core alone does not in Node
import { describe, expect, it } from 'vitest';
import { bernoulliLogLikelihood, bernoulliNegLogLikelihoodPerDim, gaussianLogLikelihood } from './observation-model.js';

describe('observation models', () => {
  it('Bernoulli log-likelihood equals x log p + (1-x) log(1-p), and stays finite for huge logits', async () => {
    const logits = tf.tensor2d([[2, -1, 0, 80, -80]]);
    const x = tf.tensor2d([[1, 0, 1, 1, 0]]);
    const sigmoid = (l: number) => 1 / (1 + Math.exp(-l));
    const expected = Math.log(sigmoid(2)) + Math.log(1 - sigmoid(-1)) + Math.log(0.5) + 0 + 0;
    const value = bernoulliLogLikelihood(logits, x);
    expect((await value.data())[0]).toBeCloseTo(expected, 5);
    const wrong = tf.tensor2d([[0, 0, 0, 0, 1]]);
    const bad = bernoulliLogLikelihood(logits, wrong);
    // log sigmoid(-80) is about -80: confidently wrong costs ~80 nats, not Infinity.
    expect((await bad.data())[0]).toBeLessThan(-80);
    expect(Number.isFinite((await bad.data())[0])).toBe(true);
    tf.dispose([logits, x, value, wrong, bad]);
  });

  it('Bernoulli NLL gradients: sigmoid(l) - x for the logits and -l for x, equal to autodiff of the composed form away from l = 0, and 0.5 - x at 0', () => {
    const logits = tf.tensor2d([[2.5, -1, 0, 30, -30, 0.3]]);
    const x = tf.tensor2d([[1, 0, 1, 0.25, 0, 0.5]]);
    const [dl, dx] = tf.grads((l: tf.Tensor, t: tf.Tensor) => tf.sum(bernoulliNegLogLikelihoodPerDim(l, t)))([logits, x]);
    const composed = tf.grads((l: tf.Tensor, t: tf.Tensor) =>
      tf.sum(tf.add(tf.sub(tf.relu(l), tf.mul(l, t)), tf.log1p(tf.exp(tf.neg(tf.abs(l)))))),
    )([logits, x]);
    const l = logits.dataSync();
    const target = x.dataSync();
    const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
    Array.from(dl!.dataSync()).forEach((g, i) => {
      expect(g).toBeCloseTo(sigmoid(l[i]!) - target[i]!, 6);
      if (l[i] !== 0) expect(g).toBeCloseTo(composed[0]!.dataSync()[i]!, 6);
    });
    expect(Array.from(dx!.dataSync())).toEqual(Array.from(l).map((v) => -v));
    // second derivative through the written-out gradient: d2/dl2 = sigmoid'(l)
    const second = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(bernoulliNegLogLikelihoodPerDim(u, x)))(t)))(logits);
    Array.from(second.dataSync()).forEach((g, i) => expect(g).toBeCloseTo(sigmoid(l[i]!) * (1 - sigmoid(l[i]!)), 5));
    tf.dispose([logits, x, dl!, dx!, ...composed, second]);
  });

  it('Gaussian log-likelihood matches the closed form', async () => {
    const mean = tf.tensor2d([[0, 1]]);
    const x = tf.tensor2d([[0.5, 1]]);
    const logVar = tf.scalar(Math.log(0.25));
    const value = gaussianLogLikelihood(mean, logVar, x);
    const logN = (v: number, m: number, s2: number) => -0.5 * (Math.log(2 * Math.PI * s2) + (v - m) ** 2 / s2);
    expect((await value.data())[0]).toBeCloseTo(logN(0.5, 0, 0.25) + logN(1, 1, 0.25), 5);
    tf.dispose([mean, x, logVar, value]);
  });
});

describe('discretized logistic', () => {
  it('probabilities of the 256 bins sum to 1 (edge bins take the tails)', async () => {
    const { discretizedLogisticLogLikelihood } = await import('./observation-model.js');
    const levels = Array.from({ length: 256 }, (_, k) => k / 255);
    for (const [mu, logS] of [
      [0.1, -2],
      [-0.95, -4],
      [0.99, -1],
    ]) {
      const x = tf.tensor2d(levels, [256, 1]);
      const mean = tf.fill([256, 1], mu) as tf.Tensor2D;
      const logScale = tf.fill([256, 1], logS) as tf.Tensor2D;
      const logP = discretizedLogisticLogLikelihood(mean, logScale, x);
      const total = Array.from(await logP.data()).reduce((acc, v) => acc + Math.exp(v), 0);
      tf.dispose([x, mean, logScale, logP]);
      expect(total).toBeCloseTo(1, 3);
    }
  });

  it('a sharp logistic puts almost all mass on the bin under its mean (log-scale clamped at -7)', async () => {
    const { discretizedLogisticLogLikelihood } = await import('./observation-model.js');
    const x = tf.tensor2d([[100 / 255], [101 / 255]]);
    const mean = tf.fill([2, 1], (2 * 100) / 255 - 1) as tf.Tensor2D;
    const logScale = tf.fill([2, 1], -8) as tf.Tensor2D;
    const result = discretizedLogisticLogLikelihood(mean, logScale, x);
    const logP = await result.data();
    tf.dispose([x, mean, logScale, result]);
    const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
    const halfWidth = Math.exp(7) / 255; // (1/255) / s with s = e^-7
    expect(logP[0]).toBeCloseTo(Math.log(2 * sigmoid(halfWidth) - 1), 4);
    expect(logP[1]).toBeLessThan(-4); // the neighbouring bin, 2 half-widths away
  });
});
