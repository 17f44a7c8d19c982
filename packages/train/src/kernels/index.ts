export { type CellType, gateCount } from '@imdb-rnn/core';
export { RecurrentKernelError } from '../errors';
export type { KernelEngine } from './engine';
export type { FloatArray } from './float-array';
export {
  activeRows,
  projectInputs,
  projectInputsBackward,
} from './projection';
export { recurrenceBackward } from './recurrence-backward';
export {
  type HiddenWeights,
  type RecurrenceCache,
  type RecurrenceOptions,
  recurrenceForward,
} from './recurrence-forward';
export {
  type DirectionWeights,
  type RecurrentCache,
  recurrentBackward,
  recurrentForward,
} from './recurrent';
export type { RecurrenceShape, RecurrentShape } from './shape';
export { RecurrentWorkspace } from './workspace';
