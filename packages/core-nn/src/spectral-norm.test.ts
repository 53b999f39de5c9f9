import * as tf from '@tensorflow/tfjs-core';
import { Parameters } from './parameters.js';
import { describe, expect, it } from 'vitest';
import { Conv2D } from './conv2d.js';
import { Dense } from './dense.js';
import { SpectralNorm } from './spectral-norm.js';

describe('SpectralNorm', () => {
  it('power iteration finds the largest singular value, and the normalized kernel has spectral norm 1', () => {
    const params = new Parameters({ seed: 4 });
    // W = U diag(3, 1.5, 0.5) V^T for rotations U (3x3) and V (2x2 padded): singular values known.
    const c = Math.cos(0.7);
    const s = Math.sin(0.7);
    const kernel = tf.tensor2d([
      [3 * c, -1.5 * s],
      [3 * s, 1.5 * c],
      [0, 0],
    ]);
    const sn = new SpectralNorm(params, 'w', kernel.shape);
    for (let i = 0; i < 30; i++) sn.powerIteration(kernel);
    const normalized = sn.normalize(kernel);
    // sigma = ||W|| = 3, so W / sigma has column norms 1 and 0.5.
    const values = normalized.arraySync() as number[][];
    expect(Math.hypot(values[0][0], values[1][0])).toBeCloseTo(1, 4);
    expect(Math.hypot(values[0][1], values[1][1])).toBeCloseTo(0.5, 4);
    tf.dispose([kernel, normalized]);
    params.dispose();
  });

  it('Dense and Conv2D with spectralNorm apply the normalized kernel and keep the vectors as <name>/sn_u, <name>/sn_v', () => {
    const params = new Parameters({ seed: 5 });
    const dense = new Dense(params, 'd', { inputDim: 3, units: 2, spectralNorm: true, useBias: false });
    const conv = new Conv2D(params, 'c', { inChannels: 1, filters: 2, kernelSize: 2, spectralNorm: true });
    expect(conv.spectralNorm?.u.shape).toEqual([2]);
    expect(params.names).toEqual(['d/kernel', 'd/sn_u', 'd/sn_v', 'c/kernel', 'c/bias', 'c/sn_u', 'c/sn_v']);
    expect(params.trainableVariables.map((v) => v.shape)).toEqual([[3, 2], [2, 2, 1, 2], [2]]);
    const x = tf.tensor2d([[1, -2, 0.5]]);
    const y = dense.apply(x);
    const expected = tf.tidy(() => tf.matMul(x, dense.spectralNorm!.normalize(dense.kernel) as tf.Tensor2D));
    expect(Array.from(y.dataSync())).toEqual(Array.from(expected.dataSync()));
    tf.dispose([x, y, expected]);
    params.dispose();
  });
});
