/**
 * Finite-difference derivatives in float64 on host arrays, for checking analytic gradients,
 * log-determinants (flows) and autoregressive masks against the definition.
 * Central differences: f'(x) ~ (f(x + eps) - f(x - eps)) / (2 eps), error O(eps^2).
 */

type Vector = ArrayLike<number>;

function toFloat64(x: Vector): Float64Array {
  return Float64Array.from(x as ArrayLike<number>);
}

/** The gradient of a scalar function `f` at `x`, by central differences with step `eps` (default 1e-5). */
export function numericalGradient(f: (x: Float64Array) => number, x: Vector, eps = 1e-5): Float64Array {
  if (!(eps > 0)) throw new Error(`numericalGradient: eps must be positive, got ${eps}`);
  const point = toFloat64(x);
  const grad = new Float64Array(point.length);
  for (let i = 0; i < point.length; i++) {
    const original = point[i];
    point[i] = original + eps;
    const plus = f(point);
    point[i] = original - eps;
    const minus = f(point);
    point[i] = original;
    grad[i] = (plus - minus) / (2 * eps);
  }
  return grad;
}

/**
 * The Jacobian J[i][j] = d f_i / d x_j of a vector function `f` at `x` (rows: outputs, columns:
 * inputs), by central differences with step `eps` (default 1e-5).
 */
export function numericalJacobian(f: (x: Float64Array) => Vector, x: Vector, eps = 1e-5): number[][] {
  if (!(eps > 0)) throw new Error(`numericalJacobian: eps must be positive, got ${eps}`);
  const point = toFloat64(x);
  let rows: number[][] | undefined;
  for (let j = 0; j < point.length; j++) {
    const original = point[j];
    point[j] = original + eps;
    const plus = Array.from(f(point));
    point[j] = original - eps;
    const minus = Array.from(f(point));
    point[j] = original;
    if (plus.length !== minus.length) throw new Error('numericalJacobian: f returned outputs of different lengths');
    rows ??= plus.map(() => new Array<number>(point.length).fill(0));
    for (let i = 0; i < plus.length; i++) rows[i][j] = (plus[i] - minus[i]) / (2 * eps);
  }
  return rows ?? Array.from(f(point)).map(() => []);
}

/** log |det J| of a square matrix by LU decomposition with partial pivoting (float64). */
export function logAbsDeterminant(matrix: number[][]): number {
  const n = matrix.length;
  if (!matrix.every((row) => row.length === n)) throw new Error('logAbsDeterminant: the matrix must be square');
  const a = matrix.map((row) => row.slice());
  let logDet = 0;
  for (let k = 0; k < n; k++) {
    let pivot = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[pivot][k])) pivot = i;
    if (a[pivot][k] === 0) return Number.NEGATIVE_INFINITY;
    [a[k], a[pivot]] = [a[pivot], a[k]];
    logDet += Math.log(Math.abs(a[k][k]));
    for (let i = k + 1; i < n; i++) {
      const factor = a[i][k] / a[k][k];
      for (let j = k; j < n; j++) a[i][j] -= factor * a[k][j];
    }
  }
  return logDet;
}
