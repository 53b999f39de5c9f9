import { describe, expect, it } from 'vitest';
import { invertMatrix, luDecompose, matMul, orthogonalize } from './host-linear-algebra.js';

const a = [
  [0.2, 1.5, -0.3],
  [2.0, -0.4, 0.9],
  [-1.1, 0.7, 0.5],
];

describe('host linear algebra', () => {
  it('LU with pivoting reconstructs the matrix: P L U = A, L unit lower, U upper', () => {
    const { p, l, u } = luDecompose(a);
    matMul(p, matMul(l, u)).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(a[i][j], 10)));
    l.forEach((row, i) => row.forEach((v, j) => (j > i ? expect(v).toBe(0) : i === j ? expect(v).toBe(1) : undefined)));
    u.forEach((row, i) => row.forEach((v, j) => (j < i ? expect(Math.abs(v)).toBeLessThan(1e-12) : undefined)));
  });

  it('orthogonalize gives Q with Q Q^T = I, and invertMatrix gives A A^-1 = I', () => {
    const q = orthogonalize(a);
    const qt = q[0].map((_, j) => q.map((row) => row[j]));
    matMul(q, qt).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 10)));
    matMul(a, invertMatrix(a)).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 10)));
  });
});
