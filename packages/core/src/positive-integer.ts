import { describeValue } from './describe-value.js';
import { ArgumentError, type Fail } from './errors.js';

/** A safe integer >= 1: what every count, size and length in imdb-rnn must be. */
export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

const argumentError: Fail = (path, problem) => {
  throw new ArgumentError(path, problem);
};

/**
 * `value` if it is a positive integer; otherwise `fail(path, "expected a positive
 * integer, got …")`, an ArgumentError unless the caller passes its own error class.
 */
export function positiveInteger(value: unknown, path: string, fail: Fail = argumentError): number {
  if (!isPositiveInteger(value)) {
    fail(path, `expected a positive integer, got ${describeValue(value)}`);
  }
  return value;
}
