/**
 * Small seeded pseudo-random numbers for data order, splits and toy sets. The library never uses
 * Math.random: every draw is a pure function of a seed.
 *
 * - mulberry32 (Tommy Ettinger, 2017): a 32-bit state generator, fast and good enough for
 *   shuffling and sampling toy data (passes gjrand/PractRand to a few GB).
 * - fmix32: the MurmurHash3 finalizer (Appleby, 2011), used to hash (seed, epoch, ...) tuples into
 *   well-mixed 32-bit seeds so that nearby seeds give unrelated streams.
 * - Normal variates by the Box-Muller transform (Box and Muller, 1958).
 */

/** MurmurHash3's 32-bit finalizer: a bijection on uint32 with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes a tuple of integers (each any safe integer, negative allowed) to a uint32 seed. The same
 * tuple always gives the same seed; changing any element changes it unpredictably.
 */
export function hashSeed(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`hashSeed: expected safe integers, found ${String(value)}`);
    }
    const lo = value >>> 0;
    const hi = Math.floor(value / 0x100000000) >>> 0;
    h = fmix32((h ^ lo) + 0x6a09e667);
    h = fmix32((h ^ hi) + 0xbb67ae85);
  }
  return fmix32(h ^ values.length);
}

/** A seeded stream of random numbers. */
export interface Random {
  /** Uniform uint32. */
  nextUint32(): number;
  /** Uniform in [0, 1), 32 bits of resolution. */
  nextFloat(): number;
  /** Uniform integer in [0, n), without modulo bias (rejection sampling). n in [1, 2^32]. */
  nextInt(n: number): number;
  /** Standard normal N(0, 1) by Box-Muller; the second variate of each pair is kept for the next call. */
  nextNormal(): number;
}

/** mulberry32 seeded with a uint32 (other integers are hashed to one). */
export function createRandom(seed: number): Random {
  let state = Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff ? seed >>> 0 : hashSeed(seed);
  let spare: number | null = null;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const nextFloat = (): number => nextUint32() / 0x100000000;
  return {
    nextUint32,
    nextFloat,
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n < 1 || n > 0x100000000) {
        throw new RangeError(`nextInt: expected an integer n in [1, 2^32], found ${n}`);
      }
      const limit = 0x100000000 - (0x100000000 % n);
      for (;;) {
        const r = nextUint32();
        if (r < limit) return r % n;
      }
    },
    nextNormal(): number {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      // 1 - u is in (0, 1], so the log is finite.
      const u1 = 1 - nextFloat();
      const u2 = nextFloat();
      const r = Math.sqrt(-2 * Math.log(u1));
      spare = r * Math.sin(2 * Math.PI * u2);
      return r * Math.cos(2 * Math.PI * u2);
    },
  };
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates / Durstenfeld shuffle). */
export function permutation(n: number, random: Random): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
