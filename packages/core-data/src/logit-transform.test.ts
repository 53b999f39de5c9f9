import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { inverseLogitTransform, logitTransform } from './logit-transform.js';

/** logit(a + (1 - 2a) x) in float64, independent of the implementation. */
function logit64(x: number, a: number): number {
  const p = a + (1 - 2 * a) * x;
  return Math.log(p / (1 - p));
}

describe('logitTransform', () => {
  const xs = [
    [0.01, 0.3, 0.5, 0.99],
    [0.2, 0.7, 0.001, 0.6],
    [0, 1, 0.45, 0.55],
  ];

  it('y = logit(a + (1 - 2a) x) with a = 0.05 by default', () => {
    const x = tf.tensor2d(xs);
    const { y, logDet } = logitTransform(x);
    const got = y.arraySync() as number[][];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) expect(got[i][j]).toBeCloseTo(logit64(xs[i][j], 0.05), 4);
    tf.dispose([x, y, logDet]);
  });

  it('logDet equals the per-example sum of log|dy/dx| from a numerical derivative', () => {
    for (const alpha of [0.05, 0.2]) {
      const x = tf.tensor3d(xs.map((row) => [row.slice(0, 2), row.slice(2)])); // [3, 2, 2]
      const { y, logDet } = logitTransform(x, alpha);
      expect(logDet.shape).toEqual([3]);
      const ld = logDet.arraySync();
      const h = 1e-6;
      for (let i = 0; i < 3; i++) {
        let expected = 0;
        for (const v of xs[i]) {
          const derivative = (logit64(v + h, alpha) - logit64(v - h, alpha)) / (2 * h);
          expected += Math.log(Math.abs(derivative));
        }
        expect(ld[i]).toBeCloseTo(expected, 3);
      }
      tf.dispose([x, y, logDet]);
    }
  });

  it('rank-1 input: each element is one example', () => {
    const x = tf.tensor1d([0.1, 0.9]);
    const { y, logDet } = logitTransform(x);
    expect(logDet.shape).toEqual([2]);
    const d = (v: number): number => Math.log(0.9 / ((0.05 + 0.9 * v) * (0.95 - 0.9 * v)));
    const ld = logDet.arraySync();
    expect(ld[0]).toBeCloseTo(d(0.1), 4);
    expect(ld[1]).toBeCloseTo(d(0.9), 4);
    tf.dispose([x, y, logDet]);
  });

  it('inverseLogitTransform(logitTransform(x).y) ~= x', () => {
    const x = tf.tensor2d(xs);
    const { y, logDet } = logitTransform(x, 0.05);
    const back = inverseLogitTransform(y, 0.05);
    const got = back.arraySync() as number[][];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) expect(got[i][j]).toBeCloseTo(xs[i][j], 5);
    tf.dispose([x, y, logDet, back]);
  });

  it('refuses alpha outside [0, 0.5)', () => {
    const x = tf.tensor1d([0.5]);
    expect(() => logitTransform(x, 0.5)).toThrow(/alpha must be in \[0, 0.5\)/);
    expect(() => inverseLogitTransform(x, -0.1)).toThrow(/alpha/);
    x.dispose();
  });
});
