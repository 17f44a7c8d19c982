import { ImdbRnnError } from '../errors.js';

/**
 * The trained models `@imdb-rnn/models` ships, by the name `loadClassifier(name)` takes.
 * Kept here too so a runtime can list them when that package is not installed; the
 * models package's test holds the two lists equal.
 */
export const MODEL_NAMES = Object.freeze(['rnn', 'gru', 'lstm', 'bilstm', 'best'] as const);

export type ModelName = (typeof MODEL_NAMES)[number];

/**
 * True for a string that names a model rather than a path or URL: only letters,
 * digits, `-` and `_` (no `/`, `.` or `:`). A file in the current folder without an
 * extension is therefore written `./name`.
 */
export function isModelName(source: unknown): source is string {
  return typeof source === 'string' && /^[A-Za-z0-9_-]+$/.test(source);
}

/**
 * Throws ModelNotFoundError unless `name` is one of MODEL_NAMES: both runtimes check this
 * before they look for the models package, so a typo is named as such rather than as a
 * missing install.
 */
export function assertKnownModelName(name: string): asserts name is ModelName {
  if (!(MODEL_NAMES as readonly string[]).includes(name)) {
    throw new ModelNotFoundError(name, 'no model has this name');
  }
}

/**
 * A model name that cannot be resolved (code `MODEL_NOT_FOUND`): no model has that
 * name, or `@imdb-rnn/models` is not installed (or not reachable from the page).
 * `available` lists the names that exist.
 */
export class ModelNotFoundError extends ImdbRnnError {
  readonly model: string;
  readonly available: readonly string[];

  constructor(
    model: string,
    problem: string,
    options: { available?: readonly string[]; cause?: unknown } = {},
  ) {
    const available = options.available ?? MODEL_NAMES;
    super(
      'MODEL_NOT_FOUND',
      `model "${model}": ${problem}; the models are ${available.join(', ')}`,
    );
    // A literal: minifiers rename classes, and callers match on the name.
    this.name = 'ModelNotFoundError';
    this.model = model;
    this.available = available;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}
