import { createRandom } from '@genmodels/core-data';
import type { FeatureSet } from '../feature-set.js';

/** n rows from N(mean, diag(variances)) (or N(mean, L L^T) with `cholesky`), seeded. */
export function gaussianSamples(
  n: number,
  mean: readonly number[],
  options: { variances?: readonly number[]; cholesky?: readonly (readonly number[])[]; seed: number },
): FeatureSet {
  const d = mean.length;
  const random = createRandom(options.seed);
  const values = new Float64Array(n * d);
  const z = new Float64Array(d);
  for (let r = 0; r < n; r += 1) {
    for (let j = 0; j < d; j += 1) z[j] = random.nextNormal();
    for (let i = 0; i < d; i += 1) {
      let v = 0;
      if (options.cholesky !== undefined) for (let j = 0; j <= i; j += 1) v += options.cholesky[i][j] * z[j];
      else v = Math.sqrt(options.variances?.[i] ?? 1) * z[i];
      values[r * d + i] = mean[i] + v;
    }
  }
  return { count: n, dims: d, values };
}
