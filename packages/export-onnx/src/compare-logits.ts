import { ArgumentError } from '@imdb-rnn/core';

/** How closely two models' logits for the same inputs agree. */
export interface LogitComparison {
  count: number;
  maxAbsDiff: number;
  meanAbsDiff: number;
  /** Index of the largest difference (-1 when empty). */
  worstIndex: number;
  /** Fraction of inputs both models put on the same side of 0 (same predicted label). */
  labelAgreement: number;
}

/**
 * Compares reference logits (e.g. the trained tfjs model's) with an exported model's:
 * the parity evidence between training and ONNX inference.
 */
export function compareLogits(
  reference: ArrayLike<number>,
  candidate: ArrayLike<number>,
): LogitComparison {
  if (reference.length !== candidate.length) {
    throw new ArgumentError(
      'candidate',
      `has ${candidate.length} logits, the reference has ${reference.length}`,
    );
  }
  let maxAbsDiff = 0;
  let sum = 0;
  let worstIndex = reference.length > 0 ? 0 : -1;
  let agree = 0;
  for (let i = 0; i < reference.length; i++) {
    const [a, b] = [reference[i]!, candidate[i]!];
    if (!Number.isFinite(a)) throw new ArgumentError(`reference[${i}]`, `is ${a}, not finite`);
    if (!Number.isFinite(b)) throw new ArgumentError(`candidate[${i}]`, `is ${b}, not finite`);
    const diff = Math.abs(a - b);
    sum += diff;
    if (diff > maxAbsDiff) [maxAbsDiff, worstIndex] = [diff, i];
    if (a > 0 === b > 0) agree++;
  }
  const count = reference.length;
  return {
    count,
    maxAbsDiff,
    meanAbsDiff: count > 0 ? sum / count : 0,
    worstIndex,
    labelAgreement: count > 0 ? agree / count : 1,
  };
}
