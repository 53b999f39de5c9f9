import { type FeatureInput, toFeatureSet } from './feature-set.js';
import { kNearestDistances } from './nearest-neighbours.js';

export interface MemorizationCheckOptions {
  /** Neighbours after the nearest that set the local distance scale (default 50). */
  k?: number;
  /** A sample is flagged when d_1 / mean(d_2..d_{k+1}) falls below this (default 1/3). */
  threshold?: number;
  /** Held-out real examples run through the same test: their flag rate is the false-positive baseline. */
  reference?: FeatureInput;
  blockSize?: number;
}

export interface MemorizationCheckResult {
  k: number;
  threshold: number;
  numSamples: number;
  /** Indices of the flagged samples, most suspicious (smallest ratio) first. */
  flaggedIndices: number[];
  /** flaggedIndices.length / numSamples. */
  flaggedFraction: number;
  /** Per sample: distance to its nearest training example. */
  nearestDistances: Float32Array;
  /** Per sample: nearest distance / mean distance to the next k training examples. */
  ratios: Float32Array;
  medianNearestDistance: number;
  /** The reference set's flag rate and median nearest distance, when a reference was given. */
  reference?: { numExamples: number; flaggedFraction: number; medianNearestDistance: number };
}

/**
 * Flags generated samples that sit unusually close to one training example: the distance to the
 * nearest training example, relative to the mean distance to the next k, is below `threshold`.
 * This is the calibrated nearest-neighbour test of Carlini et al. (2023, "Extracting training data
 * from diffusion models", sec. 5): a copy of a training image is far closer to it than to any
 * other, while a novel sample has several neighbours at similar distances. Give held-out real
 * images as `reference` to see how often the test fires on data that cannot be memorized.
 */
export async function memorizationCheck(
  samples: FeatureInput,
  training: FeatureInput,
  options: MemorizationCheckOptions = {},
): Promise<MemorizationCheckResult> {
  const s = toFeatureSet(samples, 'memorizationCheck (samples)');
  const t = toFeatureSet(training, 'memorizationCheck (training)');
  const k = options.k ?? 50;
  const threshold = options.threshold ?? 1 / 3;
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`memorizationCheck: threshold must be in (0, 1), got ${threshold}`);
  if (t.count < k + 1) throw new RangeError(`memorizationCheck: k = ${k} needs at least ${k + 1} training examples, got ${t.count}`);
  const block = options.blockSize === undefined ? {} : { blockSize: options.blockSize };
  const scored = await score(s, t, k, block);
  const flaggedIndices = Array.from(scored.ratios.keys())
    .filter((i) => scored.ratios[i] < threshold)
    .sort((a, b) => scored.ratios[a] - scored.ratios[b]);
  let reference: MemorizationCheckResult['reference'];
  if (options.reference !== undefined) {
    const r = toFeatureSet(options.reference, 'memorizationCheck (reference)');
    const rs = await score(r, t, k, block);
    reference = {
      numExamples: r.count,
      flaggedFraction: rs.ratios.filter((v) => v < threshold).length / r.count,
      medianNearestDistance: median(rs.nearest),
    };
  }
  return {
    k,
    threshold,
    numSamples: s.count,
    flaggedIndices,
    flaggedFraction: flaggedIndices.length / s.count,
    nearestDistances: scored.nearest,
    ratios: scored.ratios,
    medianNearestDistance: median(scored.nearest),
    ...(reference !== undefined ? { reference } : {}),
  };
}

async function score(
  queries: ReturnType<typeof toFeatureSet>,
  training: ReturnType<typeof toFeatureSet>,
  k: number,
  block: { blockSize?: number },
): Promise<{ nearest: Float32Array; ratios: Float32Array }> {
  const width = k + 1;
  const d = await kNearestDistances(queries, training, width, block);
  const nearest = new Float32Array(queries.count);
  const ratios = new Float32Array(queries.count);
  for (let i = 0; i < queries.count; i += 1) {
    nearest[i] = d[i * width];
    let rest = 0;
    for (let j = 1; j < width; j += 1) rest += d[i * width + j];
    rest /= k;
    ratios[i] = rest > 0 ? d[i * width] / rest : 1;
  }
  return { nearest, ratios };
}

function median(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
