import { createRandom } from '@genmodels/core-data';
import { type FeatureInput, type FeatureSet, toFeatureSet } from './feature-set.js';

export interface KernelInceptionDistanceOptions {
  /** Number of random subsets the MMD is averaged over (default 100, as in Binkowski et al.'s code). */
  numSubsets?: number;
  /** Rows drawn without replacement from each set per subset (default min(1000, smaller set)). */
  subsetSize?: number;
  /** Seed of the subset draws (default 1). */
  seed?: number;
}

export interface KernelInceptionDistanceResult {
  /** Mean over subsets of the unbiased MMD^2 estimate. */
  mean: number;
  /** Standard deviation of the subset estimates. */
  std: number;
  numSubsets: number;
  subsetSize: number;
}

/**
 * Kernel Inception Distance (Binkowski, Sutherland, Arbel and Gretton 2018, "Demystifying MMD
 * GANs"): the unbiased estimate of the squared maximum mean discrepancy with the cubic polynomial
 * kernel k(x, y) = (x.y / d + 1)^3,
 *
 *   MMD_u^2 = sum_{i != j} k(x_i, x_j) / (m(m-1)) + sum_{i != j} k(y_i, y_j) / (m(m-1)) - 2 sum_{i,j} k(x_i, y_j) / m^2,
 *
 * averaged over random subsets of size m. Unlike FID it is unbiased, so it can be negative near 0
 * and small sample counts compare fairly. Computed in float64 on the host, so the figure does not
 * depend on the TF.js backend.
 */
export function kernelInceptionDistance(
  featuresA: FeatureInput,
  featuresB: FeatureInput,
  options: KernelInceptionDistanceOptions = {},
): KernelInceptionDistanceResult {
  const a = toFeatureSet(featuresA, 'kernelInceptionDistance (first set)');
  const b = toFeatureSet(featuresB, 'kernelInceptionDistance (second set)');
  if (a.dims !== b.dims) throw new RangeError(`kernelInceptionDistance: the two sets have different feature dims (${a.dims} vs ${b.dims})`);
  const smaller = Math.min(a.count, b.count);
  const m = options.subsetSize ?? Math.min(1000, smaller);
  const numSubsets = options.numSubsets ?? 100;
  if (!(Number.isInteger(m) && m >= 2)) throw new RangeError(`kernelInceptionDistance: subsetSize must be an integer >= 2, got ${m} (each set needs at least 2 rows)`);
  if (m > smaller) {
    throw new RangeError(`kernelInceptionDistance: subsetSize ${m} is larger than the smaller set (${smaller} rows); use subsetSize <= ${smaller}`);
  }
  if (!(Number.isInteger(numSubsets) && numSubsets >= 1)) throw new RangeError(`kernelInceptionDistance: numSubsets must be a positive integer, got ${numSubsets}`);
  const random = createRandom(options.seed ?? 1);
  const d = a.dims;
  const estimates = new Float64Array(numSubsets);
  for (let s = 0; s < numSubsets; s += 1) {
    const x = gatherRows(a, sampleWithoutReplacement(a.count, m, random), d);
    const y = gatherRows(b, sampleWithoutReplacement(b.count, m, random), d);
    const kxx = offDiagonalKernelSum(x, m, d);
    const kyy = offDiagonalKernelSum(y, m, d);
    const kxy = crossKernelSum(x, y, m, d);
    estimates[s] = (kxx + kyy) / (m * (m - 1)) - (2 * kxy) / (m * m);
  }
  let mean = 0;
  for (const e of estimates) mean += e;
  mean /= numSubsets;
  let variance = 0;
  for (const e of estimates) variance += (e - mean) ** 2;
  variance /= numSubsets;
  return { mean, std: Math.sqrt(variance), numSubsets, subsetSize: m };
}

function sampleWithoutReplacement(n: number, m: number, random: ReturnType<typeof createRandom>): Int32Array {
  // Partial Fisher-Yates: the first m entries of a uniformly random permutation.
  const order = new Int32Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  for (let i = 0; i < m; i += 1) {
    const j = i + random.nextInt(n - i);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order.subarray(0, m);
}

function gatherRows(set: FeatureSet, rows: Int32Array, d: number): Float64Array {
  const out = new Float64Array(rows.length * d);
  for (let r = 0; r < rows.length; r += 1) for (let j = 0; j < d; j += 1) out[r * d + j] = set.values[rows[r] * d + j];
  return out;
}

function kernel(dot: number, d: number): number {
  const v = dot / d + 1;
  return v * v * v;
}

function offDiagonalKernelSum(x: Float64Array, m: number, d: number): number {
  let total = 0;
  for (let i = 0; i < m; i += 1) {
    const oi = i * d;
    for (let j = i + 1; j < m; j += 1) {
      const oj = j * d;
      let dot = 0;
      for (let k = 0; k < d; k += 1) dot += x[oi + k] * x[oj + k];
      total += kernel(dot, d);
    }
  }
  return 2 * total;
}

function crossKernelSum(x: Float64Array, y: Float64Array, m: number, d: number): number {
  let total = 0;
  for (let i = 0; i < m; i += 1) {
    const oi = i * d;
    for (let j = 0; j < m; j += 1) {
      const oj = j * d;
      let dot = 0;
      for (let k = 0; k < d; k += 1) dot += x[oi + k] * y[oj + k];
      total += kernel(dot, d);
    }
  }
  return total;
}
