import { FieldError, ImdbRnnError } from '../errors.js';

/**
 * A bad argument to `classify`/`explain` (code `INVALID_INPUT`); `path` names it,
 * e.g. `texts[3]`. Empty, whitespace-only and odd Unicode text is NOT an error:
 * only values that are not text, or text too long for `explain`.
 */
export class InputError extends FieldError {
  constructor(path: string, problem: string) {
    super('INVALID_INPUT', path, problem);
    // A literal: minifiers rename classes, and callers match on the name.
    this.name = 'InputError';
  }
}

/**
 * The model bytes are not an imdb-rnn ONNX model (code `INVALID_MODEL`): not ONNX
 * at all, ONNX without our `imdb-rnn` metadata, or refused by ONNX Runtime.
 * (Metadata that is present but invalid, e.g. an unknown format version, is core's
 * `MetadataError` naming the field.)
 */
export class ModelFormatError extends ImdbRnnError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_MODEL', message);
    // A literal: minifiers rename classes, and callers match on the name.
    this.name = 'ModelFormatError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * The model could not be read from its source (code `MODEL_LOAD_FAILED`): an HTTP
 * error such as 404, a network failure or abort, a missing file. `source` is the URL
 * or path.
 */
export class ModelLoadError extends ImdbRnnError {
  readonly source: string;

  constructor(source: string, problem: string, options?: { cause?: unknown }) {
    super('MODEL_LOAD_FAILED', `${source}: ${problem}`);
    // A literal: minifiers rename classes, and callers match on the name.
    this.name = 'ModelLoadError';
    this.source = source;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** A call on a classifier after `dispose()` (code `CLASSIFIER_DISPOSED`). */
export class ClassifierDisposedError extends ImdbRnnError {
  constructor(method: string) {
    super('CLASSIFIER_DISPOSED', `${method}: the classifier was disposed`);
    // A literal: minifiers rename classes, and callers match on the name.
    this.name = 'ClassifierDisposedError';
  }
}
