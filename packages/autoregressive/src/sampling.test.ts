import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { anomalyScores } from './anomaly-scores.js';
import type { AutoregressiveConfig } from './autoregressive-config.js';
import type { AutoregressiveModel, RasterSampler } from './autoregressive-model.js';
import { GatedPixelCNN } from './gated-pixelcnn.js';
import { NADE } from './nade.js';
import { PixelCNN } from './pixelcnn.js';
import { PixelRNN } from './pixel-rnn.js';
import { binaryImages, tinyModels } from './test-utils/tiny-models.js';

type AnyModel = AutoregressiveModel<AutoregressiveConfig>;

/** Reaches the protected fast sampler of a model for a white-box check. */
function fastSampler(model: AnyModel, labels?: tf.Tensor1D): RasterSampler {
  return (model as unknown as { createSampler(l?: tf.Tensor1D): RasterSampler }).createSampler(labels);
}

describe('fast samplers equal the full network', () => {
  it.each([
    ['PixelCNN (cached activations)', () => new PixelCNN({ inputShape: [6, 7, 1], filters: 4, firstKernelSize: 5, numResidualLayers: 2, outputHiddenUnits: 4, likelihood: 'logistic-mixture', numMixtureComponents: 2, seed: 2 })],
    ['Gated PixelCNN (window)', () => new GatedPixelCNN({ inputShape: [6, 7, 1], filters: 4, numLayers: 2, firstKernelSize: 3, outputHiddenUnits: 4, seed: 2 })],
    ['PixelRNN (cached rows)', () => new PixelRNN({ inputShape: [5, 4, 1], filters: 4, numLayers: 2, firstKernelSize: 3, outputHiddenUnits: 4, likelihood: 'categorical', seed: 2 })],
    ['NADE (running sum)', () => new NADE({ inputShape: [4, 4, 1], hiddenUnits: 5, seed: 2 })],
  ])('%s: the parameters of every pixel match conditionalParams', (_, create) => {
    const model = create() as AnyModel;
    const canvas = tf.randomUniform([2, model.dataDim], 0, 1, 'float32', 4) as tf.Tensor2D;
    const full = model.conditionalParams(canvas);
    const fullValues = full.arraySync();
    const sampler = fastSampler(model);
    for (const d of model.samplingOrder()) {
      const p = sampler.paramsAt(canvas, d);
      const got = p.arraySync();
      p.dispose();
      got.forEach((row, b) => row.forEach((v, k) => expect(v).toBeCloseTo(fullValues[b][d][k], 4)));
    }
    sampler.dispose();
    tf.dispose([canvas, full]);
    model.dispose();
  });
});

describe('PixelCNN pyramid evaluation of one pixel', () => {
  it('equals the full network at every pixel', () => {
    const model = new PixelCNN({ inputShape: [6, 7, 1], filters: 4, firstKernelSize: 5, numResidualLayers: 2, outputHiddenUnits: 4, likelihood: 'categorical', seed: 3 });
    tf.tidy(() => {
      const images = tf.randomUniform([2, 6, 7, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
      const full = model.network(images).arraySync();
      for (let r = 0; r < 6; r++) {
        for (let c = 0; c < 7; c++) {
          const got = model.paramsAtPixel(images, r, c).arraySync();
          got.forEach((row, b) => row.forEach((v, k) => expect(v).toBeCloseTo(full[b][r][c][k], 4)));
        }
      }
    });
    model.dispose();
  });
});

describe('sampling, completion and anomaly scores', () => {
  it('a fixed seed reproduces samples; another seed gives different ones; samples are binary', () => {
    const model = tinyModels.pixelcnn(3, 4);
    const [a, b, c] = [model.sample(6, { seed: 11 }), model.sample(6, { seed: 11 }), model.sample(6, { seed: 12 })];
    expect(a.arraySync()).toEqual(b.arraySync());
    expect(a.arraySync()).not.toEqual(c.arraySync());
    expect(Array.from(a.dataSync()).every((v) => v === 0 || v === 1)).toBe(true);
    tf.dispose([a, b, c]);
    model.dispose();
  });

  it('samples follow the model: a PixelCNN whose pixels copy the one to the left makes constant rows', () => {
    // 1x1 head and a type-A 3x3 conv that reads only the left neighbour: p(x_rc = x_r,c-1) ~ 1
    const model = new PixelCNN({ inputShape: [3, 4, 1], filters: 1, firstKernelSize: 3, numResidualLayers: 0, outputHiddenUnits: 1, seed: 1 });
    const weights = model.getWeights();
    const values: tf.NamedTensorMap = {};
    for (const [name, w] of Object.entries(weights)) {
      if (name === 'maskA/kernel') values[name] = tf.tensor4d([0, 0, 0, 1, 0, 0, 0, 0, 0], [3, 3, 1, 1]);
      else if (name === 'out/hidden/kernel' || name === 'out/params/kernel') values[name] = tf.fill(w.shape, name === 'out/params/kernel' ? 40 : 1);
      else if (name === 'out/params/bias') values[name] = tf.fill(w.shape, -20);
      else values[name] = tf.zerosLike(w);
    }
    model.setWeights(values);
    const mask = tf.tensor3d([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0], [3, 4, 1]);
    const x = tf.tensor4d([1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0], [1, 3, 4, 1]);
    const out = model.inpaint(x, mask, { seed: 5 });
    expect(Array.from(out.dataSync())).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1]);
    tf.dispose([...Object.values(weights), ...Object.values(values), mask, x, out]);
    model.dispose();
  });

  it.each([
    ['PixelCNN', () => tinyModels.pixelcnn(4, 4)],
    ['Gated PixelCNN', () => tinyModels.gated(4, 4)],
    ['PixelRNN', () => tinyModels.pixelrnn(4, 4)],
    ['NADE', () => tinyModels.nade(4, 4)],
    ['MADE (random order)', () => tinyModels.madeRandomOrder(4, 4)],
  ])('%s: completion never changes a known pixel and is reproducible', (_, create) => {
    const model = create() as AnyModel;
    const x = binaryImages(8, 3, 4);
    // known: the top half
    const mask = tf.tidy(() => tf.concat([tf.ones([3, 2, 4, 1]), tf.zeros([3, 2, 4, 1])], 1));
    const a = model.inpaint(x, mask, { seed: 3 });
    const b = model.inpaint(x, mask, { seed: 3 });
    const [xs, as, ms] = [x.dataSync(), a.dataSync(), mask.dataSync()];
    for (let i = 0; i < xs.length; i++) if (ms[i] === 1) expect(as[i]).toBe(xs[i]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(as));
    expect(a.shape).toEqual(x.shape);
    tf.dispose([x, mask, a, b]);
    model.dispose();
  });

  it('class-conditional sampling takes labels and rejects bad ones', () => {
    const model = tinyModels.gatedConditional(2, 3);
    const s = model.sample(3, { labels: [0, 1, 2], seed: 4 });
    expect(s.shape).toEqual([3, 3, 3, 1]);
    expect(() => model.sample(2, { labels: [0, 7] })).toThrow(/gated-pixelcnn sample: labels must be class indices 0\.\.2, got 7/);
    const x = binaryImages(1, 2, 3);
    expect(() => model.nllMap(x)).toThrow(/class-conditional \(3 classes\); pass labels/);
    expect(() => model.trainStep(x, { step: 0, epoch: 0, seed: 1 })).toThrow(/class-conditional \(numClasses 3\); train it on batches \{ x, labels \}/);
    // without labels, logProb is the exact marginal: log mean_y p(x | y)
    const marginal = tf.tidy(() => model.logProb(x).arraySync());
    const perClass = [0, 1, 2].map((y) => tf.tidy(() => model.logProb(x, tf.fill([2], y, 'int32') as tf.Tensor1D).arraySync()));
    marginal.forEach((m, i) => expect(m).toBeCloseTo(Math.log(perClass.reduce((s2, c) => s2 + Math.exp(c[i]), 0) / 3), 4));
    tf.dispose([s, x]);
    model.dispose();
  });

  it('anomaly scores: the per-pixel NLL map sums to the per-image NLL and flags an unlikely pixel', () => {
    const model = tinyModels.nade(6, 3);
    const x = binaryImages(2, 4, 3);
    const { nll, nllMap } = anomalyScores(model, x);
    expect(nllMap.shape).toEqual([4, 3, 3, 1]);
    const sums = tf.tidy(() => tf.sum(nllMap, [1, 2, 3]).arraySync() as number[]);
    nll.arraySync().forEach((v, i) => expect(v).toBeCloseTo(sums[i], 4));
    expect(Array.from(nllMap.dataSync()).every((v) => v > 0)).toBe(true);
    tf.dispose([x, nll, nllMap]);
    model.dispose();
  });

  it('rejects a batch of the wrong shape and a bad mask with clear errors', () => {
    const model = tinyModels.pixelcnn(1, 3);
    const wrong = tf.zeros([2, 4, 4, 1]);
    expect(() => model.logProb(wrong)).toThrow(/expected a batch shaped \[batch, 3, 3, 1\]/);
    const x = tf.zeros([2, 3, 3, 1]);
    const badMask = tf.ones([2, 2]);
    expect(() => model.inpaint(x, badMask)).toThrow(/inpaint mask must be shaped like x/);
    tf.dispose([wrong, x, badMask]);
    model.dispose();
  });
});
