import { type FeatureInput, toFeatureSet } from './feature-set.js';
import { kNearestDistances, withinAnyBall } from './nearest-neighbours.js';

export interface PrecisionRecallResult {
  /** Fraction of generated samples inside the real data's k-NN manifold (fidelity). */
  precision: number;
  /** Fraction of real samples inside the generated samples' k-NN manifold (coverage). */
  recall: number;
  k: number;
  numReal: number;
  numGenerated: number;
}

/**
 * Improved precision and recall (Kynkäänniemi, Karras, Laine, Lehtinen and Aila 2019): each set's
 * manifold is the union of balls around its feature vectors with radius the distance to the k-th
 * nearest other member (k = 3 in the paper). Precision is the fraction of generated samples
 * inside the real manifold; recall the fraction of real samples inside the generated one. Mode
 * collapse lowers recall; poor samples lower precision.
 */
export async function precisionRecall(
  real: FeatureInput,
  generated: FeatureInput,
  options: { k?: number; blockSize?: number } = {},
): Promise<PrecisionRecallResult> {
  const r = toFeatureSet(real, 'precisionRecall (real)');
  const g = toFeatureSet(generated, 'precisionRecall (generated)');
  const k = options.k ?? 3;
  if (r.dims !== g.dims) throw new RangeError(`precisionRecall: feature dims differ (${r.dims} vs ${g.dims})`);
  for (const [set, name] of [
    [r, 'real'],
    [g, 'generated'],
  ] as const) {
    if (set.count < k + 1) throw new RangeError(`precisionRecall: the ${name} set has ${set.count} rows; k = ${k} needs at least ${k + 1}`);
  }
  const block = options.blockSize === undefined ? {} : { blockSize: options.blockSize };
  const realRadii = kthColumn(await kNearestDistances(r, r, k, { excludeSelf: true, ...block }), k);
  const generatedRadii = kthColumn(await kNearestDistances(g, g, k, { excludeSelf: true, ...block }), k);
  const precision = mean(await withinAnyBall(g, r, realRadii, block));
  const recall = mean(await withinAnyBall(r, g, generatedRadii, block));
  return { precision, recall, k, numReal: r.count, numGenerated: g.count };
}

function kthColumn(distances: Float32Array, k: number): Float32Array {
  const out = new Float32Array(distances.length / k);
  for (let i = 0; i < out.length; i += 1) out[i] = distances[i * k + k - 1];
  return out;
}

function mean(flags: Uint8Array): number {
  let s = 0;
  for (const f of flags) s += f;
  return s / flags.length;
}
