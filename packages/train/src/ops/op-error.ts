import { ImdbRnnError } from '@imdb-rnn/core';

/**
 * Raised by the fused tfjs ops and the model when an argument does not fit
 * (a token id outside the vocabulary, a mask of the wrong size, a weight of
 * the wrong shape). The message names the argument and the problem; `code`
 * is stable for programmatic checks.
 */
export class FusedOpError extends ImdbRnnError {
  constructor(code: 'invalid-argument' | 'invalid-weights' | 'stale-cache', message: string) {
    super(code, message);
  }
}
