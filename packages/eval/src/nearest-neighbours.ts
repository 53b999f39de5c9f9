import { type Tensor2D, add, any, lessEqual, matMul, maximum, mul, neg, reshape, sqrt, square, sub, sum, tensor1d, tensor2d, tidy, topk } from '@tensorflow/tfjs-core';
import type { FeatureSet } from './feature-set.js';

/** Float32 working memory for one block of squared distances (about 32 MB). */
const BLOCK_ELEMENTS = 8_000_000;

function blockRows(numReferences: number, blockSize?: number): number {
  return blockSize ?? Math.max(1, Math.min(4096, Math.floor(BLOCK_ELEMENTS / Math.max(1, numReferences))));
}

function toTensor(set: FeatureSet): Tensor2D {
  const values = set.values instanceof Float32Array ? set.values : Float32Array.from(set.values);
  return tensor2d(values, [set.count, set.dims]);
}

/** Squared Euclidean distances between the rows of q [b, d] and r [n, d] as |q|^2 + |r|^2 - 2 q.r, clamped at 0. */
function squaredDistances(q: Tensor2D, r: Tensor2D, rNorms: Tensor2D): Tensor2D {
  const qNorms = sum(square(q), 1, true);
  return maximum(sub(add(qNorms, rNorms), mul(matMul(q, r, false, true), 2)), 0) as Tensor2D;
}

/**
 * The k smallest Euclidean distances from each query row to the reference rows, ascending,
 * [queries.count * k] row-major. With `excludeSelf` (queries and references are the same set) the
 * zero distance of each row to itself is skipped. Works in blocks of query rows on the current
 * TF.js backend, so a 10 000 x 60 000 comparison never holds the full distance matrix.
 */
export async function kNearestDistances(
  queries: FeatureSet,
  references: FeatureSet,
  k: number,
  options: { excludeSelf?: boolean; blockSize?: number } = {},
): Promise<Float32Array> {
  const skip = options.excludeSelf ? 1 : 0;
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`kNearestDistances: k must be a positive integer, got ${k}`);
  if (queries.dims !== references.dims) throw new RangeError(`kNearestDistances: feature dims differ (${queries.dims} vs ${references.dims})`);
  if (k + skip > references.count) {
    throw new RangeError(`kNearestDistances: k = ${k} neighbours need at least ${k + skip} reference rows, got ${references.count}`);
  }
  const out = new Float32Array(queries.count * k);
  const ref = toTensor(references);
  const refNorms = tidy(() => reshape(sum(square(ref), 1), [1, references.count]) as Tensor2D);
  const rows = blockRows(references.count, options.blockSize);
  try {
    for (let start = 0; start < queries.count; start += rows) {
      const end = Math.min(queries.count, start + rows);
      const block = tidy(() => {
        const q = tensor2d(sliceRows(queries, start, end), [end - start, queries.dims]);
        const nearest = topk(neg(squaredDistances(q, ref, refNorms)), k + skip, true).values;
        return sqrt(neg(nearest));
      });
      const values = (await block.data()) as Float32Array;
      block.dispose();
      for (let r = 0; r < end - start; r += 1) {
        for (let j = 0; j < k; j += 1) out[(start + r) * k + j] = values[r * (k + skip) + j + skip];
      }
    }
  } finally {
    ref.dispose();
    refNorms.dispose();
  }
  return out;
}

/**
 * For each query row, whether it lies inside at least one ball centred on a `centers` row with
 * that row's radius (||q - c_i|| <= radii[i]). Blocked like kNearestDistances.
 */
export async function withinAnyBall(queries: FeatureSet, centers: FeatureSet, radii: Float32Array, options: { blockSize?: number } = {}): Promise<Uint8Array> {
  if (radii.length !== centers.count) throw new RangeError(`withinAnyBall: ${radii.length} radii for ${centers.count} centres`);
  if (queries.dims !== centers.dims) throw new RangeError(`withinAnyBall: feature dims differ (${queries.dims} vs ${centers.dims})`);
  const out = new Uint8Array(queries.count);
  const c = toTensor(centers);
  const cNorms = tidy(() => reshape(sum(square(c), 1), [1, centers.count]) as Tensor2D);
  const radii2 = tidy(() => reshape(square(tensor1d(radii)), [1, centers.count]));
  const rows = blockRows(centers.count, options.blockSize);
  try {
    for (let start = 0; start < queries.count; start += rows) {
      const end = Math.min(queries.count, start + rows);
      const inside = tidy(() => {
        const q = tensor2d(sliceRows(queries, start, end), [end - start, queries.dims]);
        return any(lessEqual(squaredDistances(q, c, cNorms), radii2), 1);
      });
      const values = await inside.data();
      inside.dispose();
      for (let r = 0; r < end - start; r += 1) out[start + r] = values[r] ? 1 : 0;
    }
  } finally {
    c.dispose();
    cNorms.dispose();
    radii2.dispose();
  }
  return out;
}

function sliceRows(set: FeatureSet, start: number, end: number): Float32Array {
  const slice = set.values.subarray(start * set.dims, end * set.dims);
  return slice instanceof Float32Array ? slice : Float32Array.from(slice);
}
