import { type FeatureInput, toFeatureSet } from './feature-set.js';
import { softmaxRows } from './softmax-rows.js';

export interface ClassifierScoreResult {
  /** Mean over splits of exp(E_x KL(p(y|x) || p(y))); between 1 and the number of classes. */
  mean: number;
  std: number;
  numSplits: number;
  numClasses: number;
}

/**
 * The Inception Score of Salimans et al. (2016) computed with the domain classifier instead of
 * Inception: exp(E_x KL(p(y|x) || p(y))), per split of the samples, mean and std over splits.
 * High when each sample is classified confidently (sharp p(y|x)) and the classes are balanced
 * (broad p(y)); its maximum is the number of classes. It ignores the real data entirely, so read
 * it with FID/KID (Barratt and Sharma 2018, "A note on the Inception Score").
 *
 * `logits`: the classifier's logits for the samples, [count, numClasses].
 */
export function classifierScore(logits: FeatureInput, options: { numSplits?: number } = {}): ClassifierScoreResult {
  const set = toFeatureSet(logits, 'classifierScore');
  const numSplits = options.numSplits ?? 10;
  if (!(Number.isInteger(numSplits) && numSplits >= 1)) throw new RangeError(`classifierScore: numSplits must be a positive integer, got ${numSplits}`);
  if (set.count < numSplits) throw new RangeError(`classifierScore: ${set.count} samples cannot fill ${numSplits} splits; use fewer splits or more samples`);
  const c = set.dims;
  const p = softmaxRows(set);
  const scores: number[] = [];
  for (let s = 0; s < numSplits; s += 1) {
    const start = Math.floor((s * set.count) / numSplits);
    const end = Math.floor(((s + 1) * set.count) / numSplits);
    const marginal = new Float64Array(c);
    for (let r = start; r < end; r += 1) for (let j = 0; j < c; j += 1) marginal[j] += p[r * c + j];
    for (let j = 0; j < c; j += 1) marginal[j] /= end - start;
    let kl = 0;
    for (let r = start; r < end; r += 1) {
      for (let j = 0; j < c; j += 1) {
        const pj = p[r * c + j];
        if (pj > 0) kl += pj * (Math.log(pj) - Math.log(marginal[j]));
      }
    }
    scores.push(Math.exp(kl / (end - start)));
  }
  const mean = scores.reduce((a, b) => a + b, 0) / numSplits;
  const std = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / numSplits);
  return { mean, std, numSplits, numClasses: c };
}
