import { ImdbRnnError } from '@imdb-rnn/core';

export type ImdbDataErrorCode =
  /** The source path (argument, IMDB_RNN_DATA) does not exist. */
  | 'IMDB_MISSING_PATH'
  /** The gzip or tar stream is truncated or not an archive at all. */
  | 'IMDB_CORRUPT_ARCHIVE'
  /** A review file is not valid UTF-8. */
  | 'IMDB_NOT_UTF8'
  /** A review file is empty or whitespace only. */
  | 'IMDB_EMPTY_REVIEW'
  /** A file under pos/ or neg/ that is not a `<id>_<rating>.txt` review of that label, or a duplicate. */
  | 'IMDB_BAD_ENTRY'
  /** A requested split (train or test) has no reviews at all. */
  | 'IMDB_MISSING_SPLIT'
  /** A split lacks one label or its labels are unbalanced (the dataset has 12,500 of each). */
  | 'IMDB_WRONG_COUNT';

/**
 * The IMDB source cannot be read as the dataset. `file` is what the user can go
 * and look at: the archive (plus the entry, in the message) or the file on disk.
 */
export class ImdbDataError extends ImdbRnnError {
  declare readonly code: ImdbDataErrorCode;
  readonly file: string;

  constructor(
    code: ImdbDataErrorCode,
    file: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(code, `${file}: ${problem}`);
    this.file = file;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
