import { ImdbRnnError } from '@imdb-rnn/core';

/**
 * Raised for optimizer misuse that would otherwise corrupt training silently:
 * a gradient for an unknown variable, a shape or dtype mismatch, bad
 * hyperparameters, or saved state that does not fit the variables it is
 * restored onto, or an explicit wasm engine the runtime cannot run. The message names the variable or field and the problem.
 */
export class OptimizerError extends ImdbRnnError {
  declare readonly code: OptimizerErrorCode;

  constructor(code: OptimizerErrorCode, message: string) {
    super(code, message);
  }
}

export type OptimizerErrorCode =
  | 'OPTIMIZER_UNKNOWN_VARIABLE'
  | 'OPTIMIZER_BAD_GRADIENT'
  | 'OPTIMIZER_BAD_CONFIG'
  | 'OPTIMIZER_BAD_WEIGHTS'
  | 'OPTIMIZER_STATE_MISMATCH'
  | 'OPTIMIZER_WASM_UNAVAILABLE';
