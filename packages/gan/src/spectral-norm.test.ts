import * as tf from '@tensorflow/tfjs-core';
import { Parameters } from '@genmodels/core-nn';
import { describe, expect, it } from 'vitest';
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
});
