/**
 * Connectivity masks of MADE (Germain, Gregor, Murray & Larochelle 2015, "MADE: Masked
 * Autoencoder for Distribution Estimation", section 4).
 *
 * Every input i gets a rank `ordering[i]` in 0..D-1 (its position in the autoregressive order);
 * every hidden unit k of layer l gets a degree m_l(k) in 0..D-2, the largest input rank it may
 * see. Then
 * - input -> first hidden:  M[i, k] = 1 iff ordering[i] <= m_1(k)
 * - hidden l-1 -> hidden l: M[j, k] = 1 iff m_{l-1}(j) <= m_l(k)
 * - last hidden -> output for input i: M[k, i] = 1 iff m_L(k) < ordering[i]
 * so output i depends only on inputs j with ordering[j] < ordering[i] (equation 12 of the paper).
 */

/** The input ordering: 'natural' (0, 1, ..., D-1), 'random' (a seeded permutation) or explicit ranks. */
export type MADEOrdering = 'natural' | 'random' | Int32Array | readonly number[];

/** How hidden degrees are chosen: 'cyclic' (k mod (D-1), every degree equally often) or 'random' (seeded, paper). */
export type MADEConnectivity = 'cyclic' | 'random';

export interface MADEMaskSet {
  /** ordering[i] = rank of input i in the autoregressive order (a permutation of 0..D-1). */
  readonly ordering: Int32Array;
  /** Degrees of each hidden layer's units. */
  readonly hiddenDegrees: Int32Array[];
  /**
   * Row-major 0/1 masks, one per weight matrix, shaped like the kernels: [inputDim, h1],
   * [h1, h2], ..., [hL, inputDim]. (The output mask is per input; MADE repeats it for every
   * output group.)
   */
  readonly masks: Float32Array[];
}

/** mulberry32: a small seeded PRNG on host, for orderings and degrees (not for tensors). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded Fisher-Yates permutation of 0..n-1. */
export function seededPermutation(n: number, seed: number): Int32Array {
  const rand = seededRandom(seed);
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** Resolves an ordering option to ranks, checking that explicit ranks are a permutation of 0..D-1. */
export function resolveOrdering(ordering: MADEOrdering, inputDim: number, seed: number): Int32Array {
  if (ordering === 'natural') return Int32Array.from({ length: inputDim }, (_, i) => i);
  if (ordering === 'random') return seededPermutation(inputDim, seed);
  const ranks = Int32Array.from(ordering as ArrayLike<number>);
  const seen = new Uint8Array(inputDim);
  const valid =
    ranks.length === inputDim &&
    Array.from(ranks).every((r) => {
      if (!(Number.isInteger(r) && r >= 0 && r < inputDim) || seen[r]) return false;
      seen[r] = 1;
      return true;
    });
  if (!valid) {
    throw new Error(
      `MADE: ordering must be 'natural', 'random' or a permutation of 0..${inputDim - 1} (rank of each input), got [${Array.from(ranks).join(', ')}]`,
    );
  }
  return ranks;
}

/**
 * Builds the MADE masks for `inputDim` inputs and the given hidden widths.
 * `seed` drives the 'random' ordering and 'random' connectivity.
 */
export function buildMADEMasks(
  inputDim: number,
  hiddenUnits: readonly number[],
  options: { ordering?: MADEOrdering; connectivity?: MADEConnectivity; seed?: number } = {},
): MADEMaskSet {
  if (!(Number.isInteger(inputDim) && inputDim > 0)) throw new Error(`MADE: inputDim must be a positive integer, got ${inputDim}`);
  if (hiddenUnits.length === 0 || !hiddenUnits.every((h) => Number.isInteger(h) && h > 0)) {
    throw new Error(`MADE: hiddenUnits must be a non-empty list of positive integers, got ${JSON.stringify(hiddenUnits)}`);
  }
  const seed = options.seed ?? 1;
  const ordering = resolveOrdering(options.ordering ?? 'natural', inputDim, seed);
  const connectivity = options.connectivity ?? 'cyclic';
  const maxDegree = Math.max(0, inputDim - 2);
  const rand = seededRandom(seed ^ 0x9e3779b9);
  const hiddenDegrees: Int32Array[] = [];
  let previousMin = 0;
  for (const width of hiddenUnits) {
    const degrees = new Int32Array(width);
    for (let k = 0; k < width; k++) {
      degrees[k] =
        connectivity === 'random'
          ? previousMin + Math.floor(rand() * (maxDegree - previousMin + 1))
          : previousMin + (k % (maxDegree - previousMin + 1));
    }
    previousMin = Math.min(...degrees);
    hiddenDegrees.push(degrees);
  }
  const masks: Float32Array[] = [];
  const first = new Float32Array(inputDim * hiddenUnits[0]);
  for (let i = 0; i < inputDim; i++) {
    for (let k = 0; k < hiddenUnits[0]; k++) first[i * hiddenUnits[0] + k] = ordering[i] <= hiddenDegrees[0][k] ? 1 : 0;
  }
  masks.push(first);
  for (let l = 1; l < hiddenUnits.length; l++) {
    const [a, b] = [hiddenUnits[l - 1], hiddenUnits[l]];
    const m = new Float32Array(a * b);
    for (let j = 0; j < a; j++) for (let k = 0; k < b; k++) m[j * b + k] = hiddenDegrees[l - 1][j] <= hiddenDegrees[l][k] ? 1 : 0;
    masks.push(m);
  }
  const last = hiddenUnits[hiddenUnits.length - 1];
  const out = new Float32Array(last * inputDim);
  for (let k = 0; k < last; k++) {
    for (let i = 0; i < inputDim; i++) out[k * inputDim + i] = hiddenDegrees[hiddenDegrees.length - 1][k] < ordering[i] ? 1 : 0;
  }
  masks.push(out);
  return { ordering, hiddenDegrees, masks };
}
