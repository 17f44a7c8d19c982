import { type InferenceBackend, InputError, ortSessionBackend } from '@imdb-rnn/core';
import * as ort from 'onnxruntime-node';

export interface NodeSessionOptions {
  /**
   * Threads ONNX Runtime uses inside one run; default 1 (these models are small: see
   * README). The same name as in @imdb-rnn/infer-web.
   */
  numThreads?: number;
  /** @deprecated The former name of `numThreads`, still read. */
  intraOpNumThreads?: number;
}

/** The thread count from `numThreads` or its deprecated alias; both, if they differ, is an error. */
export function sessionThreads(options: NodeSessionOptions): number {
  const { numThreads, intraOpNumThreads } = options;
  if (
    numThreads !== undefined &&
    intraOpNumThreads !== undefined &&
    numThreads !== intraOpNumThreads
  ) {
    throw new InputError(
      'options.numThreads',
      `${numThreads} conflicts with the deprecated options.intraOpNumThreads ${intraOpNumThreads}: pass numThreads only`,
    );
  }
  const threads = numThreads ?? intraOpNumThreads ?? 1;
  if (!(Number.isSafeInteger(threads) && threads >= 1)) {
    throw new InputError(
      'options.numThreads',
      `expected a positive integer, got ${String(threads)}`,
    );
  }
  return threads;
}

/** An InferenceBackend over one onnxruntime-node session on the CPU. */
export async function createNodeBackend(
  bytes: Uint8Array,
  options: NodeSessionOptions = {},
): Promise<InferenceBackend> {
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: sessionThreads(options),
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  return ortSessionBackend(session, ort.Tensor);
}
