/**
 * Raised when a recurrent kernel is called with inputs that do not match its
 * shape (buffer sizes, lengths out of range, wrong number of directions).
 * `code` is stable for programmatic checks; the message names the argument
 * and the problem, because a silent mis-shaped read would corrupt training.
 */
export class RecurrentKernelError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'RecurrentKernelError';
    this.code = code;
  }
}
