import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { discriminatorLoss, discriminatorReading, generatorLoss } from './gan-loss.js';
import type { GANLoss } from './gan-config.js';

const real = [2, -1];
const fake = [0.5, -3];
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const softplus = (v: number) => Math.log1p(Math.exp(v));
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

const expected: Record<GANLoss, { d: number; g: number }> = {
  minimax: { d: mean(real.map((r) => -Math.log(sigmoid(r)))) + mean(fake.map((f) => -Math.log(1 - sigmoid(f)))), g: mean(fake.map((f) => Math.log(1 - sigmoid(f)))) },
  'non-saturating': { d: mean(real.map((r) => softplus(-r))) + mean(fake.map(softplus)), g: mean(fake.map((f) => -Math.log(sigmoid(f)))) },
  'least-squares': { d: 0.5 * mean(real.map((r) => (r - 1) ** 2)) + 0.5 * mean(fake.map((f) => f * f)), g: 0.5 * mean(fake.map((f) => (f - 1) ** 2)) },
  hinge: { d: mean(real.map((r) => Math.max(0, 1 - r))) + mean(fake.map((f) => Math.max(0, 1 + f))), g: -mean(fake) },
  wasserstein: { d: mean(fake) - mean(real), g: -mean(fake) },
};

describe('GAN losses against their definitions', () => {
  for (const [loss, { d, g }] of Object.entries(expected) as [GANLoss, { d: number; g: number }][]) {
    it(loss, () => {
      const r = tf.tensor1d(real);
      const f = tf.tensor1d(fake);
      const dl = discriminatorLoss(loss, r, f);
      const gl = generatorLoss(loss, f);
      expect(dl.dataSync()[0]).toBeCloseTo(d, 5);
      expect(gl.dataSync()[0]).toBeCloseTo(g, 5);
      tf.dispose([r, f, dl, gl]);
    });
  }

  it('reads D(x) as a probability for the cross-entropy losses and as the raw critic value otherwise', () => {
    const r = tf.tensor1d(real);
    const p = discriminatorReading('non-saturating', r);
    const c = discriminatorReading('wasserstein', r);
    expect(p.dataSync()[0]).toBeCloseTo(mean(real.map(sigmoid)), 5);
    expect(c.dataSync()[0]).toBeCloseTo(mean(real), 5);
    tf.dispose([r, p, c]);
  });
});
