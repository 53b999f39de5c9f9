import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GAN } from './gan.js';
import type { GANConfigInput } from './gan-config.js';

function bits(map: tf.NamedTensorMap, prefix: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, t] of Object.entries(map)) if (k.startsWith(prefix)) out[k] = Array.from(t.dataSync());
  return out;
}

function snapshot(gan: GAN): { g: Record<string, number[]>; d: Record<string, number[]>; ema: Record<string, number[]> } {
  const w = gan.getWeights();
  const out = { g: bits(w, 'generator/'), d: bits(w, 'discriminator/'), ema: bits(w, 'ema/') };
  tf.dispose(Object.values(w));
  return out;
}

const cases: [string, GANConfigInput, () => tf.Tensor][] = [
  ['MLP with BatchNorm, EMA and spectral norm', { inputShape: [2], latentDim: 3, generatorUnits: [8], discriminatorUnits: [8, 8], emaDecay: 0.9, spectralNorm: true }, () => tf.randomNormal([8, 2], 0, 1, 'float32', 1)],
  ['DCGAN (WGAN-GP, layer norm)', { modelType: 'wgan-gp', inputShape: [8, 8, 1], latentDim: 4, generatorChannels: [4, 4], discriminatorChannels: [4, 4], nCritic: 1 }, () => tf.randomUniform([4, 8, 8, 1], -1, 1, 'float32', 2)],
];

describe('the players update only their own weights', () => {
  for (const [name, config, makeBatch] of cases) {
    it(`${name}: a D step leaves G (and the EMA) unchanged, a G step leaves D unchanged`, () => {
      const gan = new GAN(config);
      const batch = makeBatch();
      const before = snapshot(gan);
      tf.dispose(Object.values(gan.discriminatorStep(batch, 11)));
      const afterD = snapshot(gan);
      expect(afterD.g).toEqual(before.g);
      expect(afterD.ema).toEqual(before.ema);
      expect(afterD.d).not.toEqual(before.d);
      tf.dispose(Object.values(gan.generatorStep(batch, 12)));
      const afterG = snapshot(gan);
      expect(afterG.d).toEqual(afterD.d);
      expect(afterG.g).not.toEqual(afterD.g);
      if (config.emaDecay) expect(afterG.ema).not.toEqual(afterD.ema);
      batch.dispose();
      gan.dispose();
    });
  }

  it('trainStep reports the diagnostics of both players, and the optimizer state has both prefixes', () => {
    const gan = new GAN({ modelType: 'wgan-gp', inputShape: [2], latentDim: 2, generatorUnits: [8], discriminatorUnits: [8], nCritic: 2 });
    const batch = tf.randomNormal([8, 2], 0, 1, 'float32', 3);
    const metrics = gan.trainStep(batch, { step: 0, epoch: 0, seed: 9 });
    expect(Object.keys(metrics).sort()).toEqual(
      ['d/fake', 'd/grad-norm', 'd/gradient-penalty', 'd/loss', 'd/real', 'g/grad-norm', 'g/loss', 'loss', 'wasserstein'].sort(),
    );
    const values = Object.fromEntries(Object.entries(metrics).map(([k, t]) => [k, t.dataSync()[0]]));
    expect(values.wasserstein).toBeCloseTo(values['d/real'] - values['d/fake'], 5);
    expect(values['d/grad-norm']).toBeGreaterThan(0);
    expect(values['g/grad-norm']).toBeGreaterThan(0);
    tf.dispose(Object.values(metrics));
    const state = gan.getOptimizerState();
    const keys = Object.keys(state);
    // Adam took two critic steps and one generator step.
    expect(state['discriminator-optimizer/iterations'].dataSync()[0]).toBe(2);
    expect(state['generator-optimizer/iterations'].dataSync()[0]).toBe(1);
    expect(keys.every((k) => k.startsWith('generator-optimizer/') || k.startsWith('discriminator-optimizer/'))).toBe(true);
    expect(keys.some((k) => k.startsWith('generator-optimizer/generator/'))).toBe(true);
    expect(keys.some((k) => k.startsWith('discriminator-optimizer/discriminator/'))).toBe(true);
    tf.dispose([batch, ...Object.values(state)]);
    gan.dispose();
  });
});
