/**
 * Area under the ROC curve, or why there is none. With only one class among
 * the labels the ROC curve does not exist; we say so instead of returning NaN.
 */
export type RocAuc = { value: number; reason?: undefined } | { value: null; reason: string };

/**
 * Exact ROC-AUC via the Mann–Whitney U statistic: the probability that a random
 * positive scores higher than a random negative, ties counting one half. Ranks
 * are computed over all scores sorted ascending, and tied scores share their
 * average rank, which is what makes ties count one half. O(n log n), exact, no
 * thresholds or trapezoids, so it matches sklearn's `roc_auc_score`.
 *
 * Any strictly increasing transform of the scores (sigmoid of logits, say)
 * gives the same AUC, so probabilities and logits may be passed alike.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): RocAuc {
  const n = labels.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) positives++;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    const only = positives === 0 ? 'negative (0)' : 'positive (1)';
    return {
      value: null,
      reason: `ROC-AUC is undefined: all ${n} labels are ${only}; it needs both classes`,
    };
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  let positiveRankSum = 0;
  let start = 0;
  while (start < n) {
    const score = scores[order[start]!];
    let end = start + 1;
    while (end < n && scores[order[end]!] === score) end++;
    // Ranks are 1-based: the tied group occupies ranks start+1 .. end.
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (labels[order[k]!] === 1) positiveRankSum += averageRank;
    start = end;
  }
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return { value: u / (positives * negatives) };
}
