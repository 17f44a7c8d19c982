import { ImdbRnnError } from '@imdb-rnn/core';

export type TrainingErrorCode =
  | 'non-finite-loss'
  | 'invalid-config'
  | 'checkpoint-corrupt'
  | 'checkpoint-mismatch';

/** A training run cannot go on; the message names the epoch, batch, file or option at fault. */
export class TrainingError extends ImdbRnnError {
  declare readonly code: TrainingErrorCode;

  constructor(code: TrainingErrorCode, message: string) {
    super(code, message);
  }
}
