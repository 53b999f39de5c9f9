import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { bernoulliLogLikelihood, gaussianLogLikelihood } from './observation-model.js';

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
