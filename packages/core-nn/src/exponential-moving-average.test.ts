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
});
