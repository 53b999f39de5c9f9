/**
 * Seeded randomness helpers.
 *
 * TF.js random ops treat a seed of 0 (or undefined) as "unseeded" and fall back to Math.random,
 * so every seed produced here is a non-zero integer in [1, 2^31 - 1]. Seeds are derived by
 * hashing (the murmur3 32-bit finalizer applied to a chained mix, as in splitmix), never by
 * consuming a stream, so a value depends only on its inputs: a resumed run draws the same
 * numbers as an uninterrupted one.
 */

const MAX_SEED = 0x7fffffff;

/** murmur3 fmix32: a bijective avalanche mix of a 32-bit integer. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixWord(state: number, word: number): number {
  // splitmix-style: add the golden-ratio increment, fold in the word, avalanche.
  return fmix32((state + 0x9e3779b9 + Math.imul(word >>> 0, 0xcc9e2d51)) >>> 0);
}

function mixNumber(state: number, value: number, what: string): number {
  if (!Number.isSafeInteger(value)) {
    throw new Error(`deriveSeed: ${what} must be a safe integer, got ${value}. Round it or hash it first (hashString for names).`);
  }
  const negative = value < 0;
  const magnitude = Math.abs(value);
  const low = magnitude % 0x100000000;
  const high = Math.floor(magnitude / 0x100000000);
  state = mixWord(state, low);
  state = mixWord(state, high + (negative ? 0x80000000 : 0));
  return state;
}

/**
 * A non-zero integer seed in [1, 2^31 - 1] derived from `base` and any number of integer parts.
 * Different parts (or a different order) give unrelated seeds.
 */
export function deriveSeed(base: number, ...parts: number[]): number {
  let state = mixNumber(0x243f6a88, base, 'base');
  state = mixWord(state, parts.length);
  parts.forEach((part, i) => {
    state = mixNumber(state, part, `part ${i}`);
  });
  const seed = fmix32(state) & MAX_SEED;
  return seed === 0 ? 1 : seed;
}

/** The seed the Trainer gives a model for global step `step` (StepContext.seed). */
export function stepSeed(runSeed: number, step: number): number {
  return deriveSeed(runSeed, step);
}

/** Domain tag so that stepSeeds(s, n)[k] never coincides with stepSeed(s, k). */
const SPLIT_DOMAIN = 0x5eed5;

/** `count` independent non-zero seeds derived from one (e.g. for several noise draws in one step). */
export function stepSeeds(seed: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`stepSeeds: count must be a non-negative integer, got ${count}`);
  }
  return Array.from({ length: count }, (_, i) => deriveSeed(seed, SPLIT_DOMAIN, i));
}

/** A 32-bit FNV-1a hash of a string's UTF-16 code units, for deriving seeds from names. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
