import { type FeatureInput, toFeatureSet } from './feature-set.js';

export interface ClassHistogram {
  /** Samples per predicted class (argmax of the classifier's logits). */
  counts: number[];
  /** counts / total. */
  fractions: number[];
  classNames?: readonly string[];
  /** Classes predicted for at least one sample. */
  numClassesPresent: number;
  /** KL(histogram || uniform) in nats: 0 for perfectly balanced classes, log(numClasses) when all samples share one class. */
  klFromUniform: number;
}

/**
 * The classes a classifier assigns to samples. Mode collapse shows here first: a GAN that only
 * draws a few classes has a lopsided histogram and a large KL from uniform (the datasets here are
 * balanced, so real test images give nearly 0).
 */
export function classHistogram(logits: FeatureInput, options: { classNames?: readonly string[] } = {}): ClassHistogram {
  const set = toFeatureSet(logits, 'classHistogram');
  if (set.count === 0) throw new RangeError('classHistogram: no samples given');
  const c = set.dims;
  if (options.classNames !== undefined && options.classNames.length !== c) {
    throw new RangeError(`classHistogram: ${options.classNames.length} class names for ${c} classes`);
  }
  const counts = new Array<number>(c).fill(0);
  for (let r = 0; r < set.count; r += 1) {
    let best = 0;
    for (let j = 1; j < c; j += 1) if (set.values[r * c + j] > set.values[r * c + best]) best = j;
    counts[best] += 1;
  }
  const fractions = counts.map((n) => n / set.count);
  let klFromUniform = 0;
  for (const f of fractions) if (f > 0) klFromUniform += f * Math.log(f * c);
  return {
    counts,
    fractions,
    ...(options.classNames !== undefined ? { classNames: options.classNames } : {}),
    numClassesPresent: counts.filter((n) => n > 0).length,
    klFromUniform,
  };
}
