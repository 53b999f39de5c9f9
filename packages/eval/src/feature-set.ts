import type { Tensor2D } from '@tensorflow/tfjs-core';

/**
 * Feature vectors on the host: `count` rows of `dims` values, row-major. Metrics take these so
 * that features are extracted once (streaming, in batches) and reused by every metric.
 */
export interface FeatureSet {
  readonly count: number;
  readonly dims: number;
  readonly values: Float32Array | Float64Array;
}

/** What the metric functions accept: a FeatureSet, rows as arrays, or a 2-D tensor (read once). */
export type FeatureInput = FeatureSet | readonly (readonly number[])[] | Tensor2D;

/** Normalises metric input to a FeatureSet, checking its shape. */
export function toFeatureSet(input: FeatureInput, what = 'features'): FeatureSet {
  if (Array.isArray(input)) {
    const rows = input as readonly (readonly number[])[];
    const count = rows.length;
    const dims = count > 0 ? rows[0].length : 0;
    const values = new Float64Array(count * dims);
    rows.forEach((row, i) => {
      if (row.length !== dims) throw new RangeError(`${what}: row ${i} has ${row.length} values, row 0 has ${dims}; rows must all have the same length`);
      values.set(row, i * dims);
    });
    return checked({ count, dims, values }, what);
  }
  const maybeTensor = input as Tensor2D;
  if (typeof (maybeTensor as { dataSync?: unknown }).dataSync === 'function') {
    if (maybeTensor.rank !== 2) throw new RangeError(`${what}: expected a 2-D tensor [count, dims], got shape [${maybeTensor.shape.join(', ')}]`);
    return checked({ count: maybeTensor.shape[0], dims: maybeTensor.shape[1], values: maybeTensor.dataSync() as Float32Array }, what);
  }
  return checked(input as FeatureSet, what);
}

function checked(set: FeatureSet, what: string): FeatureSet {
  const { count, dims, values } = set;
  if (!(Number.isInteger(count) && count >= 0 && Number.isInteger(dims) && dims >= 0)) {
    throw new RangeError(`${what}: count and dims must be non-negative integers, got count=${count}, dims=${dims}`);
  }
  if (values.length !== count * dims) {
    throw new RangeError(`${what}: ${values.length} values do not make ${count} rows of ${dims}`);
  }
  for (let i = 0; i < values.length; i += 1) {
    if (!Number.isFinite(values[i])) {
      throw new RangeError(`${what}: value ${values[i]} at row ${Math.floor(i / dims)}, column ${i % dims} is not finite`);
    }
  }
  return set;
}

/** Concatenates feature sets with the same dims (e.g. batches from a stream). */
export function concatFeatureSets(sets: readonly FeatureSet[]): FeatureSet {
  if (sets.length === 0) throw new RangeError('concatFeatureSets: give at least one feature set');
  const dims = sets[0].dims;
  let count = 0;
  for (const s of sets) {
    if (s.dims !== dims) throw new RangeError(`concatFeatureSets: dims differ (${dims} vs ${s.dims})`);
    count += s.count;
  }
  const values = new Float32Array(count * dims);
  let offset = 0;
  for (const s of sets) {
    values.set(s.values, offset);
    offset += s.values.length;
  }
  return { count, dims, values };
}
