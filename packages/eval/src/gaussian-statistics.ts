import { type FeatureInput, type FeatureSet, toFeatureSet } from './feature-set.js';

/** Mean and covariance of a set of feature vectors, in float64. */
export interface GaussianStatistics {
  readonly count: number;
  readonly dims: number;
  readonly mean: Float64Array;
  /** dims x dims, row-major, unbiased (n - 1). */
  readonly covariance: Float64Array;
}

/**
 * Streams feature batches into a mean and a covariance without keeping the features. Each batch's
 * centred co-moment is merged with the pairwise update of Chan, Golub and LeVeque (1979), so there
 * is no cancellation from subtracting large raw second moments.
 */
export class GaussianAccumulator {
  private n = 0;
  private readonly mean: Float64Array;
  private readonly comoment: Float64Array;

  constructor(readonly dims: number) {
    if (!(Number.isInteger(dims) && dims > 0)) throw new RangeError(`GaussianAccumulator: dims must be a positive integer, got ${dims}`);
    this.mean = new Float64Array(dims);
    this.comoment = new Float64Array(dims * dims);
  }

  get count(): number {
    return this.n;
  }

  /** Adds a batch of rows. */
  add(batch: FeatureSet): void {
    const d = this.dims;
    if (batch.dims !== d) throw new RangeError(`GaussianAccumulator: batch has ${batch.dims} dims, expected ${d}`);
    const nb = batch.count;
    if (nb === 0) return;
    const x = batch.values;
    const meanB = new Float64Array(d);
    for (let r = 0; r < nb; r += 1) for (let j = 0; j < d; j += 1) meanB[j] += x[r * d + j];
    for (let j = 0; j < d; j += 1) meanB[j] /= nb;
    // Centred co-moment of the batch: sum_r (x_r - meanB)(x_r - meanB)^T, upper triangle then mirrored.
    const m2 = new Float64Array(d * d);
    const c = new Float64Array(d);
    for (let r = 0; r < nb; r += 1) {
      for (let j = 0; j < d; j += 1) c[j] = x[r * d + j] - meanB[j];
      for (let i = 0; i < d; i += 1) {
        const ci = c[i];
        if (ci === 0) continue;
        const row = i * d;
        for (let j = i; j < d; j += 1) m2[row + j] += ci * c[j];
      }
    }
    const na = this.n;
    const n = na + nb;
    const scale = (na * nb) / n;
    const delta = new Float64Array(d);
    for (let j = 0; j < d; j += 1) delta[j] = meanB[j] - this.mean[j];
    for (let i = 0; i < d; i += 1) {
      for (let j = i; j < d; j += 1) {
        const v = this.comoment[i * d + j] + m2[i * d + j] + delta[i] * delta[j] * scale;
        this.comoment[i * d + j] = v;
        this.comoment[j * d + i] = v;
      }
    }
    for (let j = 0; j < d; j += 1) this.mean[j] += (delta[j] * nb) / n;
    this.n = n;
  }

  /** The statistics so far; needs at least two rows. */
  statistics(): GaussianStatistics {
    if (this.n < 2) throw new RangeError(`GaussianAccumulator: a covariance needs at least 2 rows, got ${this.n}`);
    const covariance = new Float64Array(this.comoment.length);
    for (let i = 0; i < covariance.length; i += 1) covariance[i] = this.comoment[i] / (this.n - 1);
    return { count: this.n, dims: this.dims, mean: this.mean.slice(), covariance };
  }
}

/** Mean and unbiased covariance of `features` (float64). */
export function gaussianStatistics(features: FeatureInput): GaussianStatistics {
  const set = toFeatureSet(features, 'gaussianStatistics');
  const acc = new GaussianAccumulator(set.dims);
  acc.add(set);
  return acc.statistics();
}
