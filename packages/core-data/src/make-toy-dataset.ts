import { DatasetError } from './dataset-error.js';
import { createRandom, hashSeed, type Random } from './prng.js';

/** The 2-D toy distributions used to test density models and GANs (as in FFJORD, Grathwohl et al. 2019). */
export type ToyDatasetName = 'two-moons' | 'eight-gaussians' | 'checkerboard' | 'swiss-roll';

export const TOY_DATASETS: readonly ToyDatasetName[] = Object.freeze([
  'two-moons',
  'eight-gaussians',
  'checkerboard',
  'swiss-roll',
] as const);

export interface ToyDataset {
  name: ToyDatasetName;
  count: number;
  dim: 2;
  /** count * 2 coordinates, point i at [2i, 2i + 1]. */
  points: Float32Array;
  /** Moon index (two-moons), component index (eight-gaussians), or 0. */
  labels: Int32Array;
}

/** Default standard deviation of the isotropic Gaussian noise added to each point. */
export const TOY_DEFAULT_NOISE: Readonly<Record<ToyDatasetName, number>> = Object.freeze({
  'two-moons': 0.1,
  'eight-gaussians': 0.1,
  checkerboard: 0,
  'swiss-roll': 0.1,
});

/** Radius of the circle holding the eight Gaussian centres. */
export const EIGHT_GAUSSIANS_RADIUS = 2;

export function isToyDatasetName(name: string): name is ToyDatasetName {
  return (TOY_DATASETS as readonly string[]).includes(name);
}

type Sampler = (random: Random) => { x: number; y: number; label: number };

/**
 * Each point is an independent draw (so any prefix is itself an i.i.d. sample); geometry:
 *
 * - two-moons (scikit-learn's make_moons): label 0 on the upper half circle (cos t, sin t),
 *   label 1 on the lower one (1 - cos t, 0.5 - sin t), t ~ U(0, pi), moon chosen with p = 1/2.
 * - eight-gaussians: centre k at radius 2, angle 2 pi k / 8 (k = label), std = noise.
 * - checkerboard: uniform on the 8 dark cells of a 4x4 board of unit cells covering [-2, 2]^2,
 *   the cells whose floor(x) + floor(y) is even.
 * - swiss-roll (scikit-learn's make_swiss_roll, 2-D, scaled by 1/5): t ~ U(1.5 pi, 4.5 pi),
 *   (t cos t, t sin t) / 5, so it spans about [-2.8, 2.8].
 */
const SAMPLERS: Record<ToyDatasetName, Sampler> = {
  'two-moons': (random) => {
    const t = Math.PI * random.nextFloat();
    const label = random.nextInt(2);
    return label === 0
      ? { x: Math.cos(t), y: Math.sin(t), label }
      : { x: 1 - Math.cos(t), y: 0.5 - Math.sin(t), label };
  },
  'eight-gaussians': (random) => {
    const label = random.nextInt(8);
    const angle = (2 * Math.PI * label) / 8;
    return { x: EIGHT_GAUSSIANS_RADIUS * Math.cos(angle), y: EIGHT_GAUSSIANS_RADIUS * Math.sin(angle), label };
  },
  checkerboard: (random) => {
    const column = random.nextInt(4);
    // Dark cells of this column are the rows with (column + row) even.
    const row = 2 * random.nextInt(2) + (column % 2);
    return { x: column - 2 + random.nextFloat(), y: row - 2 + random.nextFloat(), label: 0 };
  },
  'swiss-roll': (random) => {
    const t = 1.5 * Math.PI * (1 + 2 * random.nextFloat());
    return { x: (t * Math.cos(t)) / 5, y: (t * Math.sin(t)) / 5, label: 0 };
  },
};

/**
 * Draws `count` points of a 2-D toy distribution. Seeded by `options.seed` (default 0; any safe
 * integer) with the package's own PRNG, so the same (name, count, seed, noise) always gives the
 * same points, and a longer draw starts with the points of a shorter one. `options.noise` is the
 * std of Gaussian noise added to each coordinate (defaults in TOY_DEFAULT_NOISE).
 */
export function makeToyDataset(name: string, count: number, options: { seed?: number; noise?: number } = {}): ToyDataset {
  if (!isToyDatasetName(name)) {
    throw new DatasetError(`unknown toy dataset ${JSON.stringify(name)}; expected one of: ${TOY_DATASETS.join(', ')}`);
  }
  if (!Number.isInteger(count) || count < 1) {
    throw new DatasetError(`makeToyDataset(${name}): count must be a positive integer, found ${count}`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) {
    throw new DatasetError(`makeToyDataset(${name}): seed must be a safe integer, found ${seed}`);
  }
  const noise = options.noise ?? TOY_DEFAULT_NOISE[name];
  if (!Number.isFinite(noise) || noise < 0) {
    throw new DatasetError(`makeToyDataset(${name}): noise must be a finite number >= 0, found ${noise}`);
  }
  // Separate streams for the shape and the noise, so changing the noise level keeps the shape draws.
  const shapeRandom = createRandom(hashSeed(seed, 0x70a1));
  const noiseRandom = createRandom(hashSeed(seed, 0x70a2));
  const sample = SAMPLERS[name];
  const points = new Float32Array(2 * count);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const p = sample(shapeRandom);
    let { x, y } = p;
    if (noise > 0) {
      x += noise * noiseRandom.nextNormal();
      y += noise * noiseRandom.nextNormal();
    }
    points[2 * i] = x;
    points[2 * i + 1] = y;
    labels[i] = p.label;
  }
  return { name, count, dim: 2, points, labels };
}
