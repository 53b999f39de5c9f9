import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ExponentialMovingAverage } from './exponential-moving-average.js';
import { Parameters } from './parameters.js';

describe('ExponentialMovingAverage', () => {
  it('follows shadow <- d * shadow + (1 - d) * value', () => {
    const p = new Parameters({ seed: 1 });
    const w = p.create('w', [2], { constant: 0 });
    const ema = new ExponentialMovingAverage(p, 0.9);
    const steps = [
      [1, 2],
      [3, -1],
      [0, 0],
    ];
    let expected = [0, 0];
    for (const values of steps) {
      const t = tf.tensor1d(values);
      w.assign(t);
      t.dispose();
      ema.update();
      expected = expected.map((s, i) => 0.9 * s + 0.1 * values[i]);
    }
    const shadows = ema.getWeights();
    expect(Object.keys(shadows)).toEqual(['w']);
    Array.from(shadows.w.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    tf.dispose(Object.values(shadows));
    ema.dispose();
    p.dispose();
  });

  it('swap exchanges averaged and live weights and back; state round-trips', () => {
    const p = new Parameters({ seed: 1 });
    const w = p.create('w', [1], { constant: 1 });
    const ema = new ExponentialMovingAverage([w], 0.5);
    const t = tf.tensor1d([3]);
    w.assign(t);
    t.dispose();
    ema.update(); // shadow = 0.5 * 1 + 0.5 * 3 = 2
    const seen = ema.withAveragedWeights(() => w.dataSync()[0]);
    expect(seen).toBe(2);
    expect(w.dataSync()[0]).toBe(3);
    const state = ema.getWeights();
    const other = new ExponentialMovingAverage([w], 0.5);
    other.setWeights(state);
    other.copyToVariables();
    expect(w.dataSync()[0]).toBe(2);
    tf.dispose(Object.values(state));
    expect(() => new ExponentialMovingAverage([w], 1)).toThrow(/decay/);
    ema.dispose();
    other.dispose();
    p.dispose();
  });

  it('warms the decay up as min(decay, (1 + t) / (10 + t)), keeping shadows and t as weights of a Parameters scope', () => {
    const p = new Parameters({ seed: 1 });
    const w = p.create('net/w', [2], { constant: 0 });
    const live = p.trainableVariables;
    const ema = new ExponentialMovingAverage(live, { decay: 0.99, shadows: p.scope('ema'), warmup: { params: p.scope('ema'), name: 'updates' } });
    expect(p.names).toEqual(['net/w', 'ema/net/w', 'ema/updates']);
    expect(p.trainableVariables).toEqual([w]);
    let expected = [0, 0];
    for (const [t, values] of [[1, 2], [3, -1], [0, 4]].entries()) {
      const v = tf.tensor1d(values);
      w.assign(v);
      v.dispose();
      ema.update();
      const d = Math.min(0.99, (1 + t) / (10 + t));
      expected = expected.map((s, i) => d * s + (1 - d) * values[i]);
    }
    const weights = p.getWeights();
    Array.from(weights['ema/net/w'].dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    expect(Array.from(weights['ema/updates'].dataSync())).toEqual([3]);
    tf.dispose(Object.values(weights));
    ema.dispose(); // the shadows belong to p
    expect(ema.averages[0].isDisposed).toBe(false);
    p.dispose();
  });

  it('averages into given variables (a second copy of a network), which start as copies', () => {
    const p = new Parameters({ seed: 1 });
    const w = p.create('g/w', [2], { normal: 1 });
    const copy = p.create('ema/g/w', [2], 'zeros', { trainable: false });
    const ema = new ExponentialMovingAverage([w], { decay: 0.5, shadows: [copy] });
    expect(Array.from(copy.dataSync())).toEqual(Array.from(w.dataSync()));
    const start = Array.from(w.dataSync());
    const zero = tf.zeros([2]);
    w.assign(zero);
    zero.dispose();
    ema.update();
    Array.from(copy.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(start[i] / 2, 6));
    const other = p.create('other', [3], 'zeros');
    expect(() => new ExponentialMovingAverage([w], { decay: 0.5, shadows: [other] })).toThrow(/do not match/);
    ema.dispose();
    expect(copy.isDisposed).toBe(false);
    p.dispose();
  });
});
