import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { activate, ACTIVATIONS } from './activations.js';
import { Dense } from './dense.js';
import { Parameters } from './parameters.js';

describe('Dense', () => {
  it('computes relu(x W + b) as by hand', () => {
    const p = new Parameters({ seed: 1 });
    const dense = new Dense(p, 'd', { inputDim: 2, units: 3, activation: 'relu' });
    const w = tf.tensor2d([[1, -1, 2], [0.5, 1, -3]]);
    const b = tf.tensor1d([0.1, 0.2, 0.3]);
    dense.kernel.assign(w);
    dense.bias!.assign(b);
    const x = tf.tensor2d([[1, 2], [-1, 0]]);
    const y = dense.apply(x);
    // row 0: [1+1, -1+2, 2-6] + b = [2.1, 1.2, -3.7] -> relu
    // row 1: [-1, 1, -2] + b = [-0.9, 1.2, -1.7] -> relu
    const expected = [2.1, 1.2, 0, 0, 1.2, 0];
    Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    const wrong = tf.zeros([1, 3]) as tf.Tensor2D;
    expect(() => dense.apply(wrong)).toThrow(/expected input \[batch, 2\]/);
    tf.dispose([x, y, w, b, wrong]);
    p.dispose();
  });

  it('names its weights and honours useBias: false', () => {
    const p = new Parameters({ seed: 1, prefix: 'enc' });
    const dense = new Dense(p, 'dense1', { inputDim: 4, units: 2, useBias: false });
    expect(p.names).toEqual(['enc/dense1/kernel']);
    expect(dense.bias).toBeUndefined();
    p.dispose();
  });
});

describe('activate', () => {
  const xs = [-2, -0.5, 0, 0.7, 3];
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const erf = (v: number) => {
    // Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7)
    const s = Math.sign(v);
    const a = Math.abs(v);
    const t = 1 / (1 + 0.3275911 * a);
    const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
    return s * y;
  };
  const reference: Record<string, (v: number) => number> = {
    linear: (v) => v,
    relu: (v) => Math.max(0, v),
    leakyRelu: (v) => (v > 0 ? v : 0.2 * v),
    elu: (v) => (v > 0 ? v : Math.exp(v) - 1),
    tanh: Math.tanh,
    sigmoid: sig,
    silu: (v) => v * sig(v),
    gelu: (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)),
    softplus: (v) => Math.log1p(Math.exp(v)),
  };
  for (const name of ACTIVATIONS) {
    it(`${name} matches its formula`, () => {
      const x = tf.tensor1d(xs);
      const y = activate(x, name);
      Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(reference[name](xs[i]), 5));
      tf.dispose([x, y]);
    });
  }
  it('rejects unknown names', () => {
    const x = tf.scalar(1);
    expect(() => activate(x, 'swishy' as never)).toThrow(/unknown activation/);
    x.dispose();
  });
});
