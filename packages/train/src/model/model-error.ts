import { ImdbRnnError } from '@imdb-rnn/core';

/**
 * A sentiment model was given weights or inputs it cannot use (a missing or
 * mis-shaped named tensor, ids that do not fit time x batch). The message
 * names the tensor or argument.
 */
export class ModelError extends ImdbRnnError {
  constructor(code: 'invalid-weights' | 'invalid-input', message: string) {
    super(code, message);
  }
}
