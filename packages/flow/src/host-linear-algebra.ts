/** Small dense linear algebra on host arrays (float64, row-major n x n), for 1x1-conv setup and inversion. */

export type Matrix = number[][];

/** Q of the QR decomposition of `a` by modified Gram-Schmidt: a random orthogonal matrix when `a` is Gaussian. */
export function orthogonalize(a: Matrix): Matrix {
  const n = a.length;
  // Work on columns.
  const columns: number[][] = Array.from({ length: n }, (_, j) => a.map((row) => row[j]));
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += columns[j][i] * columns[k][i];
      for (let i = 0; i < n; i++) columns[j][i] -= dot * columns[k][i];
    }
    const norm = Math.hypot(...columns[j]);
    if (!(norm > 1e-12)) throw new Error('orthogonalize: the matrix is singular; draw another');
    for (let i = 0; i < n; i++) columns[j][i] /= norm;
  }
  return Array.from({ length: n }, (_, i) => columns.map((column) => column[i]));
}

/**
 * LU decomposition with partial pivoting, a = P L U: P a permutation matrix, L unit lower
 * triangular, U upper triangular.
 */
export function luDecompose(a: Matrix): { p: Matrix; l: Matrix; u: Matrix } {
  const n = a.length;
  const u = a.map((row) => row.slice());
  const l: Matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const order = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < n; k++) {
    let pivot = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(u[i][k]) > Math.abs(u[pivot][k])) pivot = i;
    if (u[pivot][k] === 0) throw new Error('luDecompose: the matrix is singular');
    if (pivot !== k) {
      [u[k], u[pivot]] = [u[pivot], u[k]];
      [order[k], order[pivot]] = [order[pivot], order[k]];
      for (let j = 0; j < k; j++) [l[k][j], l[pivot][j]] = [l[pivot][j], l[k][j]];
    }
    for (let i = k + 1; i < n; i++) {
      const factor = u[i][k] / u[k][k];
      l[i][k] = factor;
      for (let j = k; j < n; j++) u[i][j] -= factor * u[k][j];
    }
  }
  // Row k of (P^T a) is row order[k] of a, so P[order[k]][k] = 1.
  const p: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let k = 0; k < n; k++) p[order[k]][k] = 1;
  return { p, l, u };
}

/** The inverse of a square matrix by Gauss-Jordan elimination with partial pivoting. */
export function invertMatrix(a: Matrix): Matrix {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let k = 0; k < n; k++) {
    let pivot = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i][k]) > Math.abs(m[pivot][k])) pivot = i;
    if (m[pivot][k] === 0) throw new Error('invertMatrix: the matrix is singular');
    [m[k], m[pivot]] = [m[pivot], m[k]];
    const scale = m[k][k];
    for (let j = 0; j < 2 * n; j++) m[k][j] /= scale;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const factor = m[i][k];
      if (factor === 0) continue;
      for (let j = 0; j < 2 * n; j++) m[i][j] -= factor * m[k][j];
    }
  }
  return m.map((row) => row.slice(n));
}

export function matMul(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0].map((_, j) => row.reduce((sum, v, k) => sum + v * b[k][j], 0)));
}

export function toRows(values: ArrayLike<number>, n: number): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => values[i * n + j]));
}
