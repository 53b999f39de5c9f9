import * as tf from '@tensorflow/tfjs-core';
import { isConditionalModel, isLatentModel } from '@genmodels/core-nn';
import { describe, expect, it } from 'vitest';
import { GAN } from './gan.js';

const small = { inputShape: [2], latentDim: 3, generatorUnits: [8], discriminatorUnits: [8] } as const;

describe('GAN sampling', () => {
  it('is a LatentModel: sample(n, seed) equals decode of the same seeded latents', () => {
    const gan = new GAN(small);
    expect(isLatentModel(gan)).toBe(true);
    expect(gan.latentShape).toEqual([3]);
    const z = tf.randomNormal([4, 3], 0, 1, 'float32', 21);
    const a = gan.decode(z);
    const b = gan.sample(4, { seed: 21 });
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([z, a, b]);
    gan.dispose();
  });

  it('conditional: labels change the samples, and bad labels are refused', () => {
    const gan = new GAN({ ...small, modelType: 'cgan', numClasses: 3 });
    expect(isConditionalModel(gan) && gan.numClasses).toBe(3);
    const zeros = gan.sample(2, { seed: 5, labels: [0, 0] });
    const twos = gan.sample(2, { seed: 5, labels: [2, 2] });
    expect(Array.from(zeros.dataSync())).not.toEqual(Array.from(twos.dataSync()));
    expect(() => gan.sample(2, { labels: [0] })).toThrow(/cgan: expected 2 labels \(one per example\), got 1/);
    expect(() => gan.sample(1, { labels: [3] })).toThrow(/cgan: labels must be class indices 0\.\.2, got 3/);
    const unlabeled = tf.zeros([2, 2]);
    expect(() => gan.trainStep(unlabeled, { step: 0, epoch: 0, seed: 1 })).toThrow(/cgan: this model is class-conditional \(numClasses 3\); train it on batches \{ x, labels \}/);
    tf.dispose([zeros, twos, unlabeled]);
    gan.dispose();
  });

  it('samples from the EMA generator, which lags the trained one', () => {
    const gan = new GAN({ ...small, emaDecay: 0.99 });
    const batch = tf.randomNormal([8, 2], 3, 1, 'float32', 2);
    for (let step = 0; step < 30; step++) tf.dispose(Object.values(gan.trainStep(batch, { step, epoch: 0, seed: 100 + step })));
    const ema = gan.sample(4, { seed: 8 });
    const raw = gan.sample(4, { seed: 8, useEma: false });
    expect(Array.from(ema.dataSync())).not.toEqual(Array.from(raw.dataSync()));
    const weights = gan.getWeights();
    expect(weights['ema/num_updates'].dataSync()[0]).toBe(30);
    tf.dispose([batch, ema, raw, ...Object.values(weights)]);
    gan.dispose();
  });

  it('refuses a batch of the wrong shape with a message naming the expected shape', () => {
    const gan = new GAN(small);
    const wrong = tf.zeros([4, 3]);
    expect(() => gan.trainStep(wrong, { step: 0, epoch: 0, seed: 1 })).toThrow(/expected a batch shaped \[batch, 2\], got \[4, 3\]/);
    wrong.dispose();
    gan.dispose();
  });
});
