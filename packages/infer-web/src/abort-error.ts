import { ImdbRnnError } from '@imdb-rnn/core';

/**
 * A call dropped because its `AbortSignal` fired (code `ABORTED`), e.g. a stale
 * keystroke's `explain`. Named `AbortError` like the DOM's, so code written for
 * `fetch` aborts (`error.name === 'AbortError'`) handles it too; `cause` is the
 * signal's reason.
 */
export class AbortError extends ImdbRnnError {
  constructor(what: string, reason?: unknown) {
    super('ABORTED', `${what}: aborted`);
    // A literal: minifiers rename classes, and callers match on the name.
    this.name = 'AbortError';
    if (reason !== undefined) this.cause = reason;
  }
}
