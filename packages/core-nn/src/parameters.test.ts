import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initialValue, logicalNameOf, Parameters } from './parameters.js';

describe('Parameters', () => {
  it('initialises by (seed, name), independent of creation order', () => {
    const a = new Parameters({ seed: 5 });
    const b = new Parameters({ seed: 5 });
    const a1 = a.create('x/kernel', [3, 4], 'glorotUniform');
    a.create('y/kernel', [2, 2], 'glorotUniform');
    b.create('y/kernel', [2, 2], 'glorotUniform');
    const b1 = b.create('x/kernel', [3, 4], 'glorotUniform');
    expect(Array.from(a1.dataSync())).toEqual(Array.from(b1.dataSync()));
    const c = new Parameters({ seed: 6 });
    const c1 = c.create('x/kernel', [3, 4], 'glorotUniform');
    expect(Array.from(c1.dataSync())).not.toEqual(Array.from(a1.dataSync()));
    a.dispose();
    b.dispose();
    c.dispose();
  });

  it('glorotUniform stays within its limit and constant/ones/zeros fill exactly', () => {
    const limit = Math.sqrt(6 / (30 + 20));
    const t = initialValue([30, 20], 'glorotUniform', 3);
    const values = t.dataSync();
    expect(Math.max(...values)).toBeLessThanOrEqual(limit);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-limit);
    expect(Math.max(...values)).toBeGreaterThan(limit * 0.8);
    t.dispose();
    const c = initialValue([2], { constant: 2.5 }, 1);
    expect(Array.from(c.dataSync())).toEqual([2.5, 2.5]);
    c.dispose();
    const n = initialValue([4000], { normal: 0.1 }, 9);
    const arr = Array.from(n.dataSync());
    const std = Math.sqrt(arr.reduce((s, v) => s + v * v, 0) / arr.length);
    expect(std).toBeGreaterThan(0.09);
    expect(std).toBeLessThan(0.11);
    n.dispose();
  });

  it('scopes prefix names, share storage, and reject duplicates', () => {
    const p = new Parameters({ seed: 1, prefix: 'model' });
    const enc = p.scope('encoder');
    const v = enc.create('dense1/kernel', [2, 2], 'zeros');
    p.create('head/bias', [2], 'zeros', { trainable: false });
    expect(logicalNameOf(v)).toBe('model/encoder/dense1/kernel');
    expect(p.names).toEqual(['model/encoder/dense1/kernel', 'model/head/bias']);
    expect(enc.names).toEqual(['model/encoder/dense1/kernel']);
    expect(p.trainableVariables).toEqual([v]);
    expect(() => p.create('encoder/dense1/kernel', [2, 2], 'zeros')).toThrow(/already exists/);
    p.dispose();
  });

  it('getWeights/setWeights round trip; mismatches are reported together', () => {
    const p = new Parameters({ seed: 2 });
    p.create('a', [2], { normal: 1 });
    p.create('b', [1, 3], { normal: 1 });
    const w = p.getWeights();
    const q = new Parameters({ seed: 3 });
    q.create('a', [2], 'zeros');
    q.create('b', [1, 3], 'zeros');
    q.setWeights(w);
    expect(Array.from(q.get('b').dataSync())).toEqual(Array.from(w.b.dataSync()));
    tf.dispose(Object.values(w));
    // the assigned values survive disposing the source tensors
    expect(Array.from(q.get('a').dataSync())).toEqual(Array.from(p.get('a').dataSync()));

    const bad = { a: tf.zeros([3]), c: tf.zeros([1]) };
    let message = '';
    try {
      q.setWeights(bad);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/missing: b/);
    expect(message).toMatch(/unexpected: c/);
    expect(message).toMatch(/shape mismatch for a: expected \[2\], got \[3\]/);
    tf.dispose(Object.values(bad));
    p.dispose();
    q.dispose();
  });

  it('dispose frees every variable', () => {
    const before = tf.memory().numTensors;
    const p = new Parameters({ seed: 2 });
    p.create('a', [2], 'heNormal');
    p.create('b', [3, 3, 1, 2], 'heUniform');
    expect(tf.memory().numTensors).toBe(before + 2);
    p.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
