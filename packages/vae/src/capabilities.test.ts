import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { anomalyScores } from './anomaly-scores.js';
import { Autoencoder } from './autoencoder.js';
import { corrupt } from './corrupt.js';
import { interpolateLatents } from './interpolate-latents.js';
import { klWeight } from './kl-warmup.js';
import { latentGrid, normalQuantile } from './latent-grid.js';
import { maximumMeanDiscrepancy } from './mmd.js';
import { rocAuc } from './roc-auc.js';
import { VAE } from './vae.js';

const tiny = { inputShape: [4, 4, 1], latentDim: 3, encoderUnits: [12], decoderUnits: [12], seed: 2 } as const;

describe('interpolation', () => {
  it('endpoints decode to the decodings of the endpoint encodings, for both methods', async () => {
    const vae = new VAE(tiny);
    const x = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([2, 4, 4, 1], 0, 1, 'float32', 4), 0.5), 'float32'));
    const codes = vae.encode(x);
    const [z0, z1] = tf.unstack(codes);
    const direct = vae.decode(codes);
    for (const method of ['linear', 'spherical'] as const) {
      const path = interpolateLatents(z0, z1, 7, method);
      const decoded = vae.decode(path);
      const ends = tf.gather(decoded, [0, 6]);
      expect(Array.from(await ends.data())).toEqual(Array.from(await direct.data()));
      const middle = tf.gather(decoded, [3]);
      const first = tf.gather(direct, [0]);
      expect(Array.from(await middle.data())).not.toEqual(Array.from(await first.data()));
      tf.dispose([path, decoded, ends, middle, first]);
    }
    tf.dispose([x, codes, z0, z1, direct]);
    vae.dispose();
  });

  it('slerp keeps the norm between orthogonal codes of equal norm; the linear midpoint shrinks it', async () => {
    const a = tf.tensor1d([2, 0]);
    const b = tf.tensor1d([0, 2]);
    const s = interpolateLatents(a, b, 3, 'spherical');
    const l = interpolateLatents(a, b, 3, 'linear');
    const [sv, lv] = [await s.data(), await l.data()];
    expect(Math.hypot(sv[2], sv[3])).toBeCloseTo(2, 5);
    expect(Math.hypot(lv[2], lv[3])).toBeCloseTo(Math.SQRT2, 5);
    tf.dispose([a, b, s, l]);
  });
});

describe('latent grid', () => {
  it('normalQuantile matches known quantiles', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });

  it('covers the prior symmetrically, z1 increasing along rows and z2 decreasing down them', async () => {
    const grid = latentGrid(3);
    const v = await grid.data();
    grid.dispose();
    expect(v.length).toBe(18);
    expect(v[0]).toBeCloseTo(-normalQuantile(0.95), 5); // first cell: lowest z1
    expect(v[1]).toBeCloseTo(normalQuantile(0.95), 5); // top row: highest z2
    expect(v[2]).toBeCloseTo(0, 6);
    expect(v[17]).toBeCloseTo(-normalQuantile(0.95), 5);
  });
});

describe('objective helpers', () => {
  it('KL warm-up rises linearly from start to beta and stays', () => {
    const w = { steps: 100, start: 0 };
    expect([0, 25, 100, 1000].map((s) => klWeight(4, w, s))).toEqual([0, 1, 4, 4]);
    expect(klWeight(4, null, 0)).toBe(4);
  });

  it('MMD is near zero for two samples of one distribution and large for shifted ones', async () => {
    const a = tf.randomNormal([200, 2], 0, 1, 'float32', 1) as tf.Tensor2D;
    const b = tf.randomNormal([200, 2], 0, 1, 'float32', 2) as tf.Tensor2D;
    const c = tf.randomNormal([200, 2], 2, 1, 'float32', 3) as tf.Tensor2D;
    const same = maximumMeanDiscrepancy(a, b);
    const shifted = maximumMeanDiscrepancy(a, c);
    const sameRbf = maximumMeanDiscrepancy(a, b, 'rbf');
    const shiftedRbf = maximumMeanDiscrepancy(a, c, 'rbf');
    const [s, d, sr, dr] = await Promise.all([same.data(), shifted.data(), sameRbf.data(), shiftedRbf.data()]);
    tf.dispose([a, b, c, same, shifted, sameRbf, shiftedRbf]);
    expect(Math.abs(s[0])).toBeLessThan(0.02);
    expect(d[0]).toBeGreaterThan(20 * Math.abs(s[0]) + 0.1);
    expect(dr[0]).toBeGreaterThan(20 * Math.abs(sr[0]) + 0.05);
  });

  it('corruption: masking zeroes about `level` of the values, salt-and-pepper writes 0 or 1, gaussian adds noise', async () => {
    const x = tf.fill([10_000], 0.5);
    const masked = corrupt(x, { kind: 'masking', level: 0.3 }, 7);
    const salt = corrupt(x, { kind: 'salt-and-pepper', level: 0.2 }, 7);
    const noisy = corrupt(x, { kind: 'gaussian', level: 0.1 }, 7);
    const mv = await masked.data();
    const sv = await salt.data();
    const nv = await noisy.data();
    tf.dispose([x, masked, salt, noisy]);
    const zeros = mv.filter((v) => v === 0).length / mv.length;
    expect(zeros).toBeGreaterThan(0.27);
    expect(zeros).toBeLessThan(0.33);
    const flipped = sv.filter((v) => v !== 0.5);
    expect(flipped.length / sv.length).toBeGreaterThan(0.17);
    expect(flipped.every((v) => v === 0 || v === 1)).toBe(true);
    const std = Math.sqrt(Array.from(nv as Float32Array).reduce((acc, v) => acc + (v - 0.5) ** 2, 0) / nv.length);
    expect(std).toBeCloseTo(0.1, 2);
    expect(() => corrupt(x, { kind: 'masking', level: 2 }, 1)).toThrow(/probability in \[0, 1\]/);
  });
});

describe('anomaly scores', () => {
  it('rocAuc is the Mann-Whitney statistic, ties counting one half', () => {
    expect(rocAuc([1, 2, 3], [4, 5])).toBe(1);
    expect(rocAuc([4, 5], [1, 2, 3])).toBe(0);
    expect(rocAuc([1, 2], [1, 2])).toBe(0.5);
    expect(rocAuc([1, 3], [2])).toBe(0.5);
  });

  it('a VAE and an autoencoder trained on one pattern score a different pattern higher (AUC > 0.9)', async () => {
    const normal = (seed: number) =>
      tf.tidy(() => {
        const base = tf.concat([tf.ones([1, 2, 4, 1]), tf.zeros([1, 2, 4, 1])], 1);
        const flip = tf.cast(tf.less(tf.randomUniform([32, 4, 4, 1], 0, 1, 'float32', seed), 0.05), 'float32');
        return tf.abs(tf.sub(base, flip));
      });
    const anomalous = tf.tidy(() => tf.sub(1, normal(999)));
    for (const model of [new VAE({ ...tiny, optimizer: { learningRate: 5e-3 } }), new Autoencoder({ ...tiny, optimizer: { learningRate: 5e-3 } })]) {
      for (let step = 0; step < 80; step++) {
        const x = normal(step + 1);
        tf.dispose(Object.values(model.trainStep(x, { step, epoch: 0, seed: step + 1 })));
        x.dispose();
      }
      const test = normal(500);
      const s0 = anomalyScores(model, test, { numImportanceSamples: 5 });
      const s1 = anomalyScores(model, anomalous, { numImportanceSamples: 5 });
      expect(rocAuc(await s0.data(), await s1.data())).toBeGreaterThan(0.9);
      tf.dispose([test, s0, s1]);
      model.dispose();
    }
    anomalous.dispose();
  });
});
