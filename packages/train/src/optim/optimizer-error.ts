/**
 * Raised for optimizer misuse that would otherwise corrupt training silently:
 * a gradient for an unknown variable, a shape or dtype mismatch, or saved state
 * that does not fit the variables it is restored onto. `code` is stable for
 * programmatic checks; the message names the variable and the problem.
 */
export class OptimizerError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'OptimizerError';
    this.code = code;
  }
}
