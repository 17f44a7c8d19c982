/**
 * Raised when evaluation inputs cannot give meaningful metrics: arrays of
 * different lengths, labels other than 0/1, scores that are NaN, or length
 * buckets that are not increasing. `code` is stable for programmatic checks;
 * the message names the argument and the problem.
 */
export class MetricsError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'MetricsError';
    this.code = code;
  }
}
