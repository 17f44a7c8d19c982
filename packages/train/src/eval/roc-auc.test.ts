import { sigmoid } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { rocAuc } from './roc-auc.js';

/** The definition: share of (positive, negative) pairs ranked correctly, ties 1/2. */
function pairwiseAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((sp, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((sn, j) => {
      if (labels[j] !== 0) return;
      pairs++;
      wins += sp > sn ? 1 : sp === sn ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('rocAuc', () => {
  it('matches the hand-computed value of a small example (sklearn docs case: 0.75)', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]).value).toBeCloseTo(0.75, 12);
  });

  it('counts a tie between a positive and a negative as one half', () => {
    // positives {0.5, 0.9} vs negatives {0.2, 0.5}: 1 + 0.5 + 1 + 1 = 3.5 of 4 pairs
    expect(rocAuc([0.2, 0.5, 0.5, 0.9], [0, 1, 0, 1]).value).toBeCloseTo(0.875, 12);
    expect(rocAuc([0.5, 0.5, 0.5], [1, 0, 1]).value).toBeCloseTo(0.5, 12);
  });

  it('is 1 for perfect separation and 0 for perfectly reversed scores', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]).value).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]).value).toBe(0);
  });

  it('agrees with the pairwise definition on random scores with many ties', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const scores = Array.from({ length: 300 }, () => Math.round(random() * 20) / 20);
    const labels = scores.map((s) => (random() < 0.3 + 0.4 * s ? 1 : 0));
    expect(rocAuc(scores, labels).value).toBeCloseTo(pairwiseAuc(scores, labels), 12);
  });

  it('gives the same value for logits and their sigmoid probabilities', () => {
    const logits = [-2, 0.3, 1.5, -0.1, 0.3, 4];
    const labels = [0, 1, 1, 0, 0, 1];
    const probabilities = logits.map(sigmoid);
    expect(rocAuc(logits, labels).value).toBeCloseTo(rocAuc(probabilities, labels).value!, 12);
  });

  it('returns null with a reason, not NaN, when all labels are one class', () => {
    const allPositive = rocAuc([0.1, 0.9], [1, 1]);
    expect(allPositive.value).toBeNull();
    expect(allPositive.reason).toMatch(/all 2 labels are positive/);
    const allNegative = rocAuc([0.1, 0.9, 0.4], [0, 0, 0]);
    expect(allNegative.value).toBeNull();
    expect(allNegative.reason).toMatch(/all 3 labels are negative/);
  });
});
