import * as tf from '@tensorflow/tfjs-core';
import { Parameters } from '@genmodels/core-nn';
import { describe, expect, it } from 'vitest';
import { MADE } from './made.js';
import { buildMADEMasks } from './made-masks.js';

/** d output(i, m) / d x_j for every i, m, j, via tf.grad: [inputDim * M][inputDim]. */
function jacobianRows(made: MADE, x: tf.Tensor2D, maskIndex = 0, context?: tf.Tensor2D): number[][] {
  const rows: number[][] = [];
  const outDim = made.inputDim * made.outputMultiplier;
  for (let o = 0; o < outDim; o++) {
    const g = tf.tidy(() => tf.grad((input: tf.Tensor) => tf.sum(tf.slice(made.apply(input as tf.Tensor2D, context, maskIndex), [0, o], [1, 1])))(x));
    rows.push(Array.from(g.dataSync()));
    g.dispose();
  }
  return rows;
}

describe('MADE masks', () => {
  it('connect output i only to inputs earlier in the ordering, through every layer', () => {
    const { ordering, masks } = buildMADEMasks(5, [7, 6], { ordering: [3, 0, 4, 1, 2] });
    // path counts: input -> output through the mask product
    const widths = [5, 7, 6, 5];
    let reach: number[][] = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (__, j) => (i === j ? 1 : 0)));
    for (let l = 0; l < masks.length; l++) {
      const b = widths[l + 1];
      reach = reach.map((row) => Array.from({ length: b }, (_, k) => row.reduce((s, v, j) => s + v * masks[l][j * b + k], 0)));
    }
    for (let j = 0; j < 5; j++) {
      for (let i = 0; i < 5; i++) {
        if (ordering[j] >= ordering[i]) expect(reach[j][i], `input ${j} reaches output ${i}`).toBe(0);
        else expect(reach[j][i], `input ${j} must reach output ${i}`).toBeGreaterThan(0);
      }
    }
  });

  it('rejects an ordering that is not a permutation', () => {
    expect(() => buildMADEMasks(3, [4], { ordering: [0, 0, 1] })).toThrow(/permutation of 0..2/);
  });
});

describe('MADE block', () => {
  it.each([
    ['natural ordering, 2 outputs per input', true, { ordering: 'natural' as const, outputMultiplier: 2 }],
    // random degrees may leave a connection out (paper section 4); only "no leak" is guaranteed
    ['random ordering, random connectivity', false, { ordering: 'random' as const, connectivity: 'random' as const }],
    ['explicit ordering, two hidden layers', true, { ordering: [2, 4, 0, 3, 1], hiddenUnits: [9, 8] }],
  ])('has the autoregressive property under tf.grad (%s): no leak, no missing connection', (_, complete, extra) => {
    const params = new Parameters({ seed: 3 });
    const made = new MADE(params, 'made', { inputDim: 5, hiddenUnits: [12], seed: 5, activation: 'tanh', ...extra });
    const x = tf.randomNormal([1, 5], 0, 1, 'float32', 9) as tf.Tensor2D;
    const rows = jacobianRows(made, x);
    const ordering = made.ordering();
    rows.forEach((row, o) => {
      const i = Math.floor(o / made.outputMultiplier);
      row.forEach((g, j) => {
        if (ordering[j] >= ordering[i]) expect(g, `d out(${i}) / d x(${j}) must be 0`).toBe(0);
        else if (complete) expect(Math.abs(g), `d out(${i}) / d x(${j}) must be non-zero`).toBeGreaterThan(0);
      });
    });
    x.dispose();
    made.dispose();
    params.dispose();
  });

  it('keeps the property for every mask set and lets a context reach every output', () => {
    const params = new Parameters({ seed: 4 });
    const made = new MADE(params, 'm', { inputDim: 4, hiddenUnits: [10], numMasks: 3, contextDim: 2, seed: 7, activation: 'tanh' });
    const x = tf.randomNormal([1, 4], 0, 1, 'float32', 2) as tf.Tensor2D;
    const c = tf.randomNormal([1, 2], 0, 1, 'float32', 3) as tf.Tensor2D;
    const orderings = new Set<string>();
    for (let k = 0; k < 3; k++) {
      const ordering = made.ordering(k);
      orderings.add(Array.from(ordering).join(','));
      jacobianRows(made, x, k, c).forEach((row, i) =>
        row.forEach((g, j) => {
          if (ordering[j] >= ordering[i]) expect(g).toBe(0);
        }),
      );
    }
    expect(orderings.size).toBeGreaterThan(1);
    const gc = tf.grad((ctx: tf.Tensor) => tf.sum(made.apply(x, ctx as tf.Tensor2D)))(c);
    expect(Array.from(gc.dataSync()).every((v) => v !== 0)).toBe(true);
    tf.dispose([x, c, gc]);
    made.dispose();
    params.dispose();
  });

  it('applySplit returns the per-input groups of apply', () => {
    const params = new Parameters({ seed: 1 });
    const made = new MADE(params, 'm', { inputDim: 3, hiddenUnits: [6], outputMultiplier: 2 });
    const x = tf.randomNormal([2, 3], 0, 1, 'float32', 4) as tf.Tensor2D;
    const full = made.apply(x);
    const [a, b] = made.applySplit(x);
    const f = full.arraySync();
    expect(a.arraySync()).toEqual(f.map((row) => [row[0], row[2], row[4]]));
    expect(b.arraySync()).toEqual(f.map((row) => [row[1], row[3], row[5]]));
    const wrong = tf.zeros([2, 4]) as tf.Tensor2D;
    expect(() => made.apply(wrong)).toThrow(/expected input \[batch, 3\]/);
    tf.dispose([x, full, a, b, wrong]);
    made.dispose();
    params.dispose();
  });
});
