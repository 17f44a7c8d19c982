import { ArgumentError } from '@imdb-rnn/core';
import type { EncodedExamples } from './batching';
import type { Rng } from './rng';

/** Shortest and longest span a cropped review keeps, in tokens. */
export const CROP_MIN_TOKENS = 5;
export const CROP_MAX_TOKENS = 50;

/**
 * Training-time sub-span crops, for models that will also see short text (a
 * sentence, a tweet-length review) while IMDB trains them on ~230-token reviews:
 * each review is, with probability `prob`, replaced for this epoch by a random run
 * of its own tokens, CROP_MIN_TOKENS to CROP_MAX_TOKENS long (each length equally
 * likely, capped at the review's length) starting anywhere; it keeps its label.
 * prob 0 returns `examples` itself. Deterministic for a given `rng` state.
 */
export function cropExamples<T extends EncodedExamples>(examples: T, rng: Rng, prob: number): T {
  checkCropProb(prob);
  if (prob === 0) return examples;
  const ids = examples.ids.map((row) => {
    if (rng.next() >= prob) return row;
    const longest = Math.min(row.length, CROP_MAX_TOKENS);
    const shortest = Math.min(row.length, CROP_MIN_TOKENS);
    const length = shortest + Math.floor(rng.next() * (longest - shortest + 1));
    const start = Math.floor(rng.next() * (row.length - length + 1));
    return row.subarray(start, start + length);
  });
  return { ...examples, ids, lengths: Int32Array.from(ids, (row) => row.length) };
}

/** A crop probability must be in [0, 1]. */
export function checkCropProb(prob: number): void {
  if (!(prob >= 0 && prob <= 1)) {
    throw new ArgumentError('cropProb', `expected a number in [0, 1], got ${prob}`);
  }
}
