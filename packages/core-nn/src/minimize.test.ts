import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from './create-optimizer.js';
import { minimize } from './minimize.js';
import { Parameters } from './parameters.js';

describe('minimize', () => {
  it('applies SGD with gradients of the loss and reports loss, metrics and grad/norm', () => {
    const p = new Parameters({ seed: 1 });
    const w = p.create('w', [2], { constant: 1 });
    const opt = createOptimizer({ name: 'sgd', learningRate: 0.1 });
    // loss = sum((w - [3, -1])^2): grad = 2 (w - t) = [-4, 4], norm = sqrt(32)
    const target = tf.tensor1d([3, -1]);
    const metrics = tf.tidy(() =>
      minimize(
        opt,
        () => {
          const loss = tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar;
          return { loss, metrics: { 'loss/extra': tf.mul(loss, 2) } };
        },
        { varList: p.trainableVariables },
      ),
    );
    expect(Object.keys(metrics).sort()).toEqual(['grad/norm', 'loss', 'loss/extra']);
    expect(metrics.loss.dataSync()[0]).toBeCloseTo(8, 6);
    expect(metrics['loss/extra'].dataSync()[0]).toBeCloseTo(16, 6);
    expect(metrics['grad/norm'].dataSync()[0]).toBeCloseTo(Math.sqrt(32), 5);
    const after = Array.from(w.dataSync());
    expect(after[0]).toBeCloseTo(1.4, 6);
    expect(after[1]).toBeCloseTo(0.6, 6);
    tf.dispose(Object.values(metrics));
    tf.dispose(target);
    opt.dispose();
    p.dispose();
  });

  it('clips by global norm across variables (Pascanu et al. 2013)', () => {
    const p = new Parameters({ seed: 1 });
    const a = p.create('a', [1], { constant: 0 });
    const b = p.create('b', [1], { constant: 0 });
    const opt = createOptimizer({ name: 'sgd', learningRate: 1 });
    // loss = 3a + 4b: grads [3], [4], global norm 5; clipNorm 1 scales them to 0.6, 0.8.
    const metrics = minimize(opt, () => tf.add(tf.sum(tf.mul(a, 3)), tf.sum(tf.mul(b, 4))) as tf.Scalar, {
      varList: p.trainableVariables,
      clipNorm: 1,
    });
    expect(metrics['grad/norm'].dataSync()[0]).toBeCloseTo(5, 5);
    expect(a.dataSync()[0]).toBeCloseTo(-0.6, 6);
    expect(b.dataSync()[0]).toBeCloseTo(-0.8, 6);
    // Below the threshold nothing is scaled.
    const m2 = minimize(opt, () => tf.add(tf.sum(tf.mul(a, 0.3)), tf.sum(tf.mul(b, 0.4))) as tf.Scalar, {
      varList: p.trainableVariables,
      clipNorm: 1,
    });
    expect(a.dataSync()[0]).toBeCloseTo(-0.9, 6);
    expect(b.dataSync()[0]).toBeCloseTo(-1.2, 6);
    tf.dispose([...Object.values(metrics), ...Object.values(m2)]);
    opt.dispose();
    p.dispose();
  });

  it('leaves no tensors behind except the returned metrics', () => {
    const p = new Parameters({ seed: 1 });
    const w = p.create('w', [4, 4], 'glorotUniform');
    const opt = createOptimizer({ name: 'adam', learningRate: 0.01 });
    const run = () => minimize(opt, () => tf.sum(tf.square(tf.matMul(w, w))) as tf.Scalar, { varList: [w], clipNorm: 0.5 });
    tf.dispose(Object.values(run())); // the first step creates Adam's slots
    const before = tf.memory().numTensors;
    const metrics = run();
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose(Object.values(metrics));
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    p.dispose();
  });

  it('rejects bad options and reserved metric names', () => {
    const p = new Parameters({ seed: 1 });
    const w = p.create('w', [1], 'zeros');
    const opt = createOptimizer({ name: 'sgd', learningRate: 1 });
    expect(() => minimize(opt, () => tf.sum(w) as tf.Scalar, { varList: [w], clipNorm: 0 })).toThrow(/clipNorm must be positive/);
    expect(() => minimize(opt, () => tf.sum(w) as tf.Scalar, { varList: [] })).toThrow(/no trainable variables/);
    expect(() =>
      minimize(opt, () => ({ loss: tf.sum(w) as tf.Scalar, metrics: { loss: tf.scalar(1) } }), { varList: [w] }),
    ).toThrow(/must not use the keys/);
    expect(() => createOptimizer({ name: 'adam', learningRate: -1 })).toThrow(/learningRate must be a positive number/);
    opt.dispose();
    p.dispose();
  });
});
