import * as tf from '@tensorflow/tfjs-core';
import { describeGenerativeModelConformance } from '@genmodels/core-nn/testing';
import { describe, expect, it } from 'vitest';
import { CVAE } from './cvae.js';
import type { LabeledBatch } from '@genmodels/core-nn';

const tiny = { inputShape: [4, 4, 1], latentDim: 2, encoderUnits: [16], decoderUnits: [16], numClasses: 2 } as const;

/** Class 0: the top half of the 4x4 image is on; class 1: the bottom half. 5% of pixels flipped. */
function halvesBatch(seed: number, n = 16): LabeledBatch & { labels: tf.Tensor1D } {
  return tf.tidy(() => {
    const labels = tf.cast(tf.less(tf.randomUniform([n], 0, 1, 'float32', seed), 0.5), 'int32') as tf.Tensor1D;
    const top = tf.concat([tf.ones([1, 2, 4, 1]), tf.zeros([1, 2, 4, 1])], 1);
    const bottom = tf.sub(1, top);
    const isBottom = tf.reshape(tf.cast(labels, 'float32'), [n, 1, 1, 1]);
    const clean = tf.add(tf.mul(tf.sub(1, isBottom), top), tf.mul(isBottom, bottom));
    const flip = tf.cast(tf.less(tf.randomUniform([n, 4, 4, 1], 0, 1, 'float32', seed + 1), 0.05), 'float32');
    return { x: tf.abs(tf.sub(clean, flip)), labels };
  });
}

describeGenerativeModelConformance('CVAE', {
  createModel: (seed) => new CVAE({ ...tiny, seed }),
  makeBatch: (seed) => halvesBatch(seed, 8),
  createFromConfig: (config) => new CVAE(config as ConstructorParameters<typeof CVAE>[0]),
});

describe('CVAE', () => {
  it('is a ConditionalModel with the configured classes, and refuses unlabeled batches', () => {
    const model = new CVAE(tiny);
    const x = tf.zeros([2, 4, 4, 1]);
    try {
      expect(model.numClasses).toBe(2);
      expect(model.modelType).toBe('cvae');
      expect(() => model.trainStep(x, { step: 0, epoch: 0, seed: 1 })).toThrow(/cvae: this model is class-conditional \(numClasses 2\); train it on batches \{ x, labels \}/);
      expect(() => model.sample(2, { seed: 1, labels: [0, 2] })).toThrow(/class indices 0\.\.1/);
      // Labels positionally or as { labels } (the form generic callers use) decode alike.
      const z = tf.randomNormal([2, 2], 0, 1, 'float32', 3);
      const a = model.decode(z, [0, 1]);
      const b = model.decode(z, { labels: [0, 1] });
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      tf.dispose([z, a, b]);
    } finally {
      x.dispose();
      model.dispose();
    }
  });

  it('class-conditional samples follow the label (top half for class 0, bottom half for class 1)', async () => {
    const model = new CVAE({ ...tiny, optimizer: { learningRate: 5e-3 }, seed: 4 });
    for (let step = 0; step < 150; step++) {
      const batch = halvesBatch(1000 + step, 32);
      tf.dispose(Object.values(model.trainStep(batch, { step, epoch: 0, seed: step + 1 })));
      tf.dispose([batch.x, batch.labels]);
    }
    const halves = async (label: number): Promise<[number, number]> => {
      const samples = model.sample(64, { seed: 3, labels: new Array<number>(64).fill(label) });
      const v = await samples.data();
      samples.dispose();
      let top = 0;
      let bottom = 0;
      for (let i = 0; i < v.length; i++) {
        if (i % 16 < 8) top += v[i];
        else bottom += v[i];
      }
      return [top / (v.length / 2), bottom / (v.length / 2)];
    };
    const [top0, bottom0] = await halves(0);
    const [top1, bottom1] = await halves(1);
    model.dispose();
    expect(top0).toBeGreaterThan(0.8);
    expect(bottom0).toBeLessThan(0.2);
    expect(top1).toBeLessThan(0.2);
    expect(bottom1).toBeGreaterThan(0.8);
  });
});
