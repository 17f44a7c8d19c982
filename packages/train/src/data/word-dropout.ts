import { ArgumentError } from '@imdb-rnn/core';
import type { EncodedExamples } from './batching';
import type { Rng } from './rng';

/**
 * Word dropout, for a model that overfits on the exact words of its training
 * reviews: each token of each training review is, with probability `prob`,
 * replaced for this epoch by `unkIndex` (<unk>), so the model cannot lean on
 * any single word and learns what unknown words look like in context. Lengths
 * and labels stay; prob 0 returns `examples` itself. Deterministic for a given
 * `rng` state.
 */
export function dropWords<T extends EncodedExamples>(
  examples: T,
  rng: Rng,
  prob: number,
  unkIndex: number,
): T {
  checkWordDropout(prob);
  if (prob === 0) return examples;
  const ids = examples.ids.map((row) => {
    const out = Int32Array.from(row);
    for (let i = 0; i < out.length; i++) if (rng.next() < prob) out[i] = unkIndex;
    return out;
  });
  return { ...examples, ids };
}

/** A word dropout probability must be in [0, 1). */
export function checkWordDropout(prob: number): void {
  if (!(prob >= 0 && prob < 1)) {
    throw new ArgumentError('wordDropout', `expected a number in [0, 1), got ${prob}`);
  }
}
