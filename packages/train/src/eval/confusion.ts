/** Counts of a binary classifier's decisions; the positive class is label 1. */
export interface ConfusionMatrix {
  /** predicted 1, label 1 */
  tp: number;
  /** predicted 1, label 0 */
  fp: number;
  /** predicted 0, label 0 */
  tn: number;
  /** predicted 0, label 1 */
  fn: number;
}

/**
 * A ratio whose denominator can be zero (e.g. precision when nothing is
 * predicted positive). We return null rather than NaN: NaN silently turns into
 * `null` in JSON anyway, and a null forces readers to handle the case.
 */
export type MaybeRatio = number | null;

export function confusionMatrix(
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
): ConfusionMatrix {
  const counts: ConfusionMatrix = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const positive = predicted[i] === 1;
    if (labels[i] === 1) positive ? counts.tp++ : counts.fn++;
    else positive ? counts.fp++ : counts.tn++;
  }
  return counts;
}

export function accuracyOf(m: ConfusionMatrix): MaybeRatio {
  return ratio(m.tp + m.tn, m.tp + m.tn + m.fp + m.fn);
}

/** Of the reviews predicted positive, the share that are positive. */
export function precisionOf(m: ConfusionMatrix): MaybeRatio {
  return ratio(m.tp, m.tp + m.fp);
}

/** Of the positive reviews, the share predicted positive. */
export function recallOf(m: ConfusionMatrix): MaybeRatio {
  return ratio(m.tp, m.tp + m.fn);
}

/**
 * Harmonic mean of precision and recall, written as 2tp / (2tp + fp + fn) so it
 * is 0 (not undefined) when precision and recall are both 0, and null only when
 * there is no positive label and no positive prediction at all.
 */
export function f1Of(m: ConfusionMatrix): MaybeRatio {
  return ratio(2 * m.tp, 2 * m.tp + m.fp + m.fn);
}

function ratio(numerator: number, denominator: number): MaybeRatio {
  return denominator === 0 ? null : numerator / denominator;
}
