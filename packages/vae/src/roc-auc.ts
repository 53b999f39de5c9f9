/**
 * Area under the ROC curve of an anomaly score, computed as the Mann-Whitney U statistic
 * (Hanley & McNeil 1982): the probability that a random anomalous example scores higher than a
 * random normal one, ties counting one half. 0.5 is chance, 1 a perfect separation.
 */
export function rocAuc(normalScores: ArrayLike<number>, anomalousScores: ArrayLike<number>): number {
  const n0 = normalScores.length;
  const n1 = anomalousScores.length;
  if (n0 === 0 || n1 === 0) throw new Error(`rocAuc: need at least one score of each kind, got ${n0} normal and ${n1} anomalous`);
  const all: { score: number; anomalous: boolean }[] = [];
  for (let i = 0; i < n0; i++) all.push({ score: normalScores[i], anomalous: false });
  for (let i = 0; i < n1; i++) all.push({ score: anomalousScores[i], anomalous: true });
  if (all.some((e) => Number.isNaN(e.score))) throw new Error('rocAuc: scores must not be NaN');
  all.sort((a, b) => a.score - b.score);
  // Sum of the (average, 1-based) ranks of the anomalous scores.
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1].score === all[i].score) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k].anomalous) rankSum += rank;
    i = j + 1;
  }
  return (rankSum - (n1 * (n1 + 1)) / 2) / (n0 * n1);
}
