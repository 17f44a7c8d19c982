/**
 * Every error core throws is an ImdbRnnError with a stable `code`, so callers can
 * branch on the kind of failure without parsing messages. Messages name the field
 * (as a path like `metadata.spec.hiddenSize`) or the tensor and say what is wrong.
 */
export class ImdbRnnError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A field-level validation failure; `path` locates the field, e.g. `spec.hiddenSize`. */
export class FieldError extends ImdbRnnError {
  readonly path: string;

  constructor(code: string, path: string, problem: string) {
    super(code, `${path}: ${problem}`);
    this.path = path;
  }
}

/** An invalid ModelSpec (code `INVALID_SPEC`). */
export class SpecError extends FieldError {
  constructor(path: string, problem: string) {
    super('INVALID_SPEC', path, problem);
  }
}

/** An invalid vocabulary or vocabulary JSON (code `INVALID_VOCAB`). */
export class VocabError extends FieldError {
  constructor(path: string, problem: string) {
    super('INVALID_VOCAB', path, problem);
  }
}

/** Invalid artifact metadata (code `INVALID_METADATA`). */
export class MetadataError extends FieldError {
  constructor(path: string, problem: string) {
    super('INVALID_METADATA', path, problem);
  }
}

/** A malformed artifact container or tensor (code `INVALID_ARTIFACT`). */
export class ArtifactError extends ImdbRnnError {
  /** The tensor the problem concerns, when it concerns one. */
  readonly tensor: string | undefined;

  constructor(message: string, tensor?: string) {
    super('INVALID_ARTIFACT', tensor === undefined ? message : `tensor "${tensor}": ${message}`);
    this.tensor = tensor;
  }
}

/** A bad argument to an encoding or batching function (code `INVALID_ARGUMENT`). */
export class ArgumentError extends FieldError {
  constructor(path: string, problem: string) {
    super('INVALID_ARGUMENT', path, problem);
  }
}

/** Throws a field error for `path`; validators take one so the same checks serve several error classes. */
export type Fail = (path: string, problem: string) => never;
