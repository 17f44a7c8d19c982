import { ImdbRnnError } from '@imdb-rnn/core';

export type VectorsErrorCode =
  | 'VECTORS_MISSING_FILE'
  | 'VECTORS_MALFORMED'
  | 'VECTORS_WRONG_DIMENSION'
  | 'VECTORS_NON_NUMERIC';

/**
 * A word-vector file that cannot be used: missing, malformed, of the wrong
 * dimension, or holding non-numeric values. The message names the file and
 * the line (text files) or byte offset (the wink JSON), so a user can look.
 */
export class VectorsError extends ImdbRnnError {
  declare readonly code: VectorsErrorCode;
  readonly file: string;

  constructor(code: VectorsErrorCode, file: string, message: string) {
    super(code, message);
    this.file = file;
  }
}
