import { DatasetError } from './dataset-error.js';
import { createRandom, hashSeed, permutation } from './prng.js';

const SPLIT_TAG = 0x5b17;

/**
 * A seeded random held-out split of 0..count-1: round(count * holdoutFraction) indices held out,
 * the rest for training. Both lists are sorted ascending and together cover every index once.
 * The same (count, holdoutFraction, seed) always gives the same split.
 */
export function splitIndices(
  count: number,
  holdoutFraction: number,
  seed: number,
): { train: Int32Array; holdout: Int32Array } {
  if (!Number.isInteger(count) || count < 1) {
    throw new DatasetError(`splitIndices: count must be a positive integer, found ${count}`);
  }
  if (!(holdoutFraction >= 0 && holdoutFraction < 1)) {
    throw new DatasetError(`splitIndices: holdoutFraction must be in [0, 1), found ${holdoutFraction}`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new DatasetError(`splitIndices: seed must be a safe integer, found ${seed}`);
  }
  const holdoutCount = Math.round(count * holdoutFraction);
  if (holdoutCount >= count) {
    throw new DatasetError(
      `splitIndices: holding out ${holdoutCount} of ${count} examples leaves none for training; lower holdoutFraction`,
    );
  }
  const order = permutation(count, createRandom(hashSeed(SPLIT_TAG, seed, count)));
  const holdout = order.slice(0, holdoutCount).sort();
  const train = order.slice(holdoutCount).sort();
  return { train, holdout };
}
