import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { FeatureInput } from './feature-set.js';
import { toFeatureSet } from './feature-set.js';
import { type GaussianStatistics, gaussianStatistics } from './gaussian-statistics.js';

/**
 * Fréchet distance between two Gaussians (Dowson and Landau 1982), the quantity behind FID
 * (Heusel et al. 2017):
 *
 *   d^2 = |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1^1/2 S2 S1^1/2)^1/2)
 *
 * The cross term uses the symmetric product S1^1/2 S2 S1^1/2, whose eigenvalues are those of
 * S1 S2 but which stays symmetric positive semi-definite, so a symmetric eigendecomposition is
 * stable even for near-singular covariances (small negative eigenvalues from rounding are
 * clamped to 0) where scipy's sqrtm of the non-symmetric S1 S2 can return complex parts.
 */
export function frechetDistanceFromStatistics(a: GaussianStatistics, b: GaussianStatistics): number {
  if (a.dims !== b.dims) throw new RangeError(`frechetDistance: the two sets have different feature dims (${a.dims} vs ${b.dims})`);
  const d = a.dims;
  let meanTerm = 0;
  for (let j = 0; j < d; j += 1) meanTerm += (a.mean[j] - b.mean[j]) ** 2;
  let traceA = 0;
  let traceB = 0;
  for (let j = 0; j < d; j += 1) {
    traceA += a.covariance[j * d + j];
    traceB += b.covariance[j * d + j];
  }
  const sqrtA = symmetricSqrt(toMatrix(a.covariance, d));
  const product = sqrtA.mmul(toMatrix(b.covariance, d)).mmul(sqrtA);
  const crossTrace = traceOfSqrt(symmetrize(product));
  const distance = meanTerm + traceA + traceB - 2 * crossTrace;
  // Rounding can push a zero distance slightly below 0; anything clearly negative is a bug.
  return Math.max(distance, 0);
}

/**
 * Fréchet distance between the Gaussians fitted to two feature sets ("FID" when the features come
 * from a feature network). Each set needs more rows than feature dims, or its covariance is
 * singular and the distance is dominated by estimation noise.
 */
export function frechetDistance(featuresA: FeatureInput, featuresB: FeatureInput): number {
  const a = toFeatureSet(featuresA, 'frechetDistance (first set)');
  const b = toFeatureSet(featuresB, 'frechetDistance (second set)');
  if (a.dims !== b.dims) throw new RangeError(`frechetDistance: the two sets have different feature dims (${a.dims} vs ${b.dims})`);
  for (const [set, which] of [
    [a, 'first'],
    [b, 'second'],
  ] as const) {
    if (set.count <= set.dims) {
      throw new RangeError(
        `frechetDistance: the ${which} set has ${set.count} samples for ${set.dims} feature dims; a covariance from fewer than ` +
          `dims + 1 = ${set.dims + 1} samples is singular and the distance would be meaningless. Use more samples ` +
          '(FID is usually reported on 10 000; for comparisons keep the sample count fixed, since FID is biased by it)',
      );
    }
  }
  return frechetDistanceFromStatistics(gaussianStatistics(a), gaussianStatistics(b));
}

function toMatrix(values: Float64Array, d: number): Matrix {
  const m = new Matrix(d, d);
  for (let i = 0; i < d; i += 1) for (let j = 0; j < d; j += 1) m.set(i, j, values[i * d + j]);
  return m;
}

function symmetrize(m: Matrix): Matrix {
  return m.add(m.transpose()).mul(0.5);
}

/** Principal square root of a symmetric PSD matrix, V diag(sqrt(max(lambda, 0))) V^T. */
function symmetricSqrt(m: Matrix): Matrix {
  const evd = new EigenvalueDecomposition(symmetrize(m), { assumeSymmetric: true });
  const v = evd.eigenvectorMatrix;
  const roots = evd.realEigenvalues.map((l) => Math.sqrt(Math.max(l, 0)));
  const scaled = v.clone();
  for (let j = 0; j < roots.length; j += 1) for (let i = 0; i < v.rows; i += 1) scaled.set(i, j, v.get(i, j) * roots[j]);
  return scaled.mmul(v.transpose());
}

/** tr(M^1/2) of a symmetric PSD matrix: the sum of the square roots of its eigenvalues. */
function traceOfSqrt(m: Matrix): number {
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  let sum = 0;
  for (const l of evd.realEigenvalues) sum += Math.sqrt(Math.max(l, 0));
  return sum;
}
