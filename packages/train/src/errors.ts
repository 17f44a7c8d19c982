// Every error @imdb-rnn/train throws on purpose. Each class extends core's
// ImdbRnnError, so a caller can catch the whole family with one `instanceof`
// and branch on the stable `code`; the message names the file, argument or
// field at fault and the problem.
import { ImdbRnnError } from '@imdb-rnn/core';

// --- Data: downloading, reading IMDB, word vectors --------------------------

export type DownloadErrorCode =
  /** The server answered with a non-2xx status. */
  | 'DOWNLOAD_HTTP_STATUS'
  /** The connection failed or was cut before the whole body arrived. */
  | 'DOWNLOAD_INTERRUPTED'
  /** The body's length differs from Content-Length or from the expected size. */
  | 'DOWNLOAD_SIZE_MISMATCH'
  /** The body's sha256 differs from the expected one. */
  | 'DOWNLOAD_CHECKSUM_MISMATCH';

/** A download that did not produce the expected file; nothing was written to its destination. */
export class DownloadError extends ImdbRnnError {
  declare readonly code: DownloadErrorCode;
  readonly url: string;

  constructor(
    code: DownloadErrorCode,
    url: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(code, `${url}: ${problem}`);
    this.url = url;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

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

export type DataFileErrorCode =
  /** The path does not exist or is not a file. */
  | 'DATA_MISSING_FILE'
  /** The extension is not one of LABELLED_FILE_EXTENSIONS. */
  | 'DATA_UNKNOWN_FORMAT'
  /** The bytes are not valid UTF-8. */
  | 'DATA_NOT_UTF8'
  /** A row that cannot be parsed or lacks a usable text or label. */
  | 'DATA_BAD_ROW'
  /** The header (CSV/TSV) has no column of that name. */
  | 'DATA_MISSING_FIELD'
  /** The labels do not make two classes (one value, a third value, an unusable name). */
  | 'DATA_LABELS'
  /** Too few rows to train and evaluate on. */
  | 'DATA_TOO_FEW';

/**
 * The user's data file cannot be trained on. `file` is the path and `line` the
 * 1-based line the problem is on (where a row starts), when it is on one line.
 */
export class DataFileError extends ImdbRnnError {
  declare readonly code: DataFileErrorCode;
  readonly file: string;
  readonly line: number | undefined;

  constructor(code: DataFileErrorCode, file: string, line: number | undefined, problem: string) {
    super(code, `${file}${line === undefined ? '' : `:${line}`}: ${problem}`);
    this.name = 'DataFileError';
    this.file = file;
    this.line = line;
  }
}

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

// --- Kernels, ops and the model ---------------------------------------------

/**
 * Raised when a recurrent kernel is called with inputs that do not match its
 * shape (buffer sizes, lengths out of range, wrong number of directions),
 * because a silent mis-shaped read would corrupt training.
 */
export class RecurrentKernelError extends ImdbRnnError {}

/**
 * Raised by the fused tfjs ops when an argument does not fit (a token id
 * outside the vocabulary, a mask of the wrong size, a weight of the wrong
 * shape, a backward pass whose forward cache was released).
 */
export class FusedOpError extends ImdbRnnError {
  constructor(code: 'invalid-argument' | 'invalid-weights' | 'stale-cache', message: string) {
    super(code, message);
  }
}

/**
 * A sentiment model was given weights or inputs it cannot use (a missing or
 * mis-shaped named tensor, ids that do not fit time x batch).
 */
export class ModelError extends ImdbRnnError {
  constructor(code: 'invalid-weights' | 'invalid-input', message: string) {
    super(code, message);
  }
}

// --- Optimisation and training ----------------------------------------------

export type OptimizerErrorCode =
  | 'OPTIMIZER_UNKNOWN_VARIABLE'
  | 'OPTIMIZER_BAD_GRADIENT'
  | 'OPTIMIZER_BAD_CONFIG'
  | 'OPTIMIZER_BAD_WEIGHTS'
  | 'OPTIMIZER_STATE_MISMATCH'
  | 'OPTIMIZER_WASM_UNAVAILABLE'
  | 'OPTIMIZER_OUT_OF_MEMORY';

/**
 * Optimizer misuse that would otherwise corrupt training silently: a gradient
 * for an unknown variable, a shape or dtype mismatch, bad hyperparameters,
 * saved state that does not fit the variables it is restored onto, or an
 * explicit wasm engine the runtime cannot run.
 */
export class OptimizerError extends ImdbRnnError {
  declare readonly code: OptimizerErrorCode;

  constructor(code: OptimizerErrorCode, message: string) {
    super(code, message);
  }
}

export type TrainingErrorCode =
  | 'non-finite-loss'
  | 'invalid-config'
  | 'checkpoint-corrupt'
  | 'checkpoint-mismatch'
  /** Writing the checkpoint after an epoch failed (the file holds the previous checkpoint, if any). */
  | 'checkpoint-write-failed';

/** A training run cannot go on; the message names the epoch, batch, file or option at fault. */
export class TrainingError extends ImdbRnnError {
  declare readonly code: TrainingErrorCode;

  constructor(code: TrainingErrorCode, message: string) {
    super(code, message);
  }
}

// --- Evaluation and reports -------------------------------------------------

/**
 * Evaluation inputs that cannot give meaningful metrics: arrays of different
 * lengths, labels other than 0/1, scores that are NaN, or length buckets that
 * are not increasing.
 */
export class MetricsError extends ImdbRnnError {}

/**
 * A results file cannot be read or does not match the schema, or a report
 * cannot be written; for schema errors the message gives the field's JSON path.
 */
export class ReportError extends ImdbRnnError {}
