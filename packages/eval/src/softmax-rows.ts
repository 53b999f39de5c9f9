import type { FeatureSet } from './feature-set.js';

/** Row-wise softmax of logits in float64 (max-subtracted, so large logits do not overflow). */
export function softmaxRows(logits: FeatureSet): Float64Array {
  const { count, dims, values } = logits;
  const out = new Float64Array(count * dims);
  for (let r = 0; r < count; r += 1) {
    const o = r * dims;
    let max = -Infinity;
    for (let j = 0; j < dims; j += 1) max = Math.max(max, values[o + j]);
    let z = 0;
    for (let j = 0; j < dims; j += 1) {
      const e = Math.exp(values[o + j] - max);
      out[o + j] = e;
      z += e;
    }
    for (let j = 0; j < dims; j += 1) out[o + j] /= z;
  }
  return out;
}
