/// <reference types="node" />
// Where tests find the committed trained int8 models: the one place that knows
// the path, so the move to their own package changes this file alone.
import { fileURLToPath } from 'node:url';

const MODELS = new URL('../../../apps/docs/models/', import.meta.url);

/** The architectures with a committed trained model (core's ARCHITECTURES; core cannot be imported here, its tests use this kit). */
export const TRAINED_ARCHITECTURES = ['rnn', 'gru', 'lstm', 'bilstm'] as const;
export type TrainedArchitecture = (typeof TRAINED_ARCHITECTURES)[number];

/** Absolute path of the committed trained int8 ONNX model for `arch`. */
export function trainedModelPath(arch: TrainedArchitecture): string {
  return fileURLToPath(new URL(`${arch}.int8.onnx`, MODELS));
}
