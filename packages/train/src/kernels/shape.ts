import { type CellType, type Fail, gateCount, positiveInteger } from '@imdb-rnn/core';
import { RecurrentKernelError } from '../errors';

/** Everything the recurrence needs to know except the input width (see RecurrentShape). */
export interface RecurrenceShape {
  /** Cell equations: PyTorch nn.RNN (tanh), nn.GRU or nn.LSTM. */
  cell: CellType;
  /** H: width of the hidden state of one direction. */
  hiddenSize: number;
  /** T: padded sequence length, the first (time-major) dimension. */
  time: number;
  /** B: sequences in the batch. */
  batch: number;
  /** Run a second, reverse direction over each sequence's own tokens (BiRNN). */
  bidirectional: boolean;
}

/** The shape of a full recurrent layer, input projection included. */
export interface RecurrentShape extends RecurrenceShape {
  /** I: width of one input vector (the embedding size). */
  inputSize: number;
}

export function directions(shape: RecurrenceShape): 1 | 2 {
  return shape.bidirectional ? 2 : 1;
}

/** G*H: width of one direction's gate pre-activations. */
export function gateWidth(shape: RecurrenceShape): number {
  return gateCount(shape.cell) * shape.hiddenSize;
}

/** For core's positiveInteger: a bad shape dimension is a RecurrentKernelError. */
export const invalidShape: Fail = (path, problem) => {
  throw new RecurrentKernelError('invalid-shape', `${path}: ${problem}`);
};

export function validateRecurrenceShape(shape: RecurrenceShape): void {
  if (shape.cell !== 'rnn' && shape.cell !== 'gru' && shape.cell !== 'lstm') {
    throw new RecurrentKernelError(
      'invalid-shape',
      `shape.cell must be 'rnn', 'gru' or 'lstm', got ${String(shape.cell)}`,
    );
  }
  positiveInteger(shape.hiddenSize, 'shape.hiddenSize', invalidShape);
  positiveInteger(shape.time, 'shape.time', invalidShape);
  positiveInteger(shape.batch, 'shape.batch', invalidShape);
}

/** Lengths follow pack_padded_sequence: every sequence has 1..time real tokens. */
export function validateLengths(shape: RecurrenceShape, lengths: Int32Array): void {
  if (lengths.length !== shape.batch) {
    throw new RecurrentKernelError(
      'invalid-lengths',
      `lengths has ${lengths.length} entries but shape.batch is ${shape.batch}`,
    );
  }
  for (let b = 0; b < lengths.length; b++) {
    const length = lengths[b]!;
    if (length < 1 || length > shape.time) {
      throw new RecurrentKernelError(
        'invalid-lengths',
        `lengths[${b}] is ${length}; every length must be between 1 and shape.time (${shape.time})`,
      );
    }
  }
}

export function expectLength(array: { length: number }, expected: number, name: string): void {
  if (array.length !== expected) {
    throw new RecurrentKernelError(
      'invalid-size',
      `${name} has ${array.length} elements, expected ${expected}`,
    );
  }
}

/** The backward pass must be given the shape its cache was recorded with. */
export function expectSameShape(given: RecurrenceShape, recorded: RecurrenceShape): void {
  for (const key of ['cell', 'hiddenSize', 'time', 'batch', 'bidirectional'] as const) {
    if (given[key] !== recorded[key]) {
      throw new RecurrentKernelError(
        'shape-mismatch',
        `shape.${key} is ${String(given[key])} but the cache was recorded with ${String(recorded[key])}`,
      );
    }
  }
}
