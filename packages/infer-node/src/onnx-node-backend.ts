import { type InferenceBackend, ortSessionBackend } from '@imdb-rnn/core';
import * as ort from 'onnxruntime-node';

export interface NodeSessionOptions {
  /** Threads ONNX Runtime uses inside one run; default 1 (these models are small: see README). */
  intraOpNumThreads?: number;
}

/** An InferenceBackend over one onnxruntime-node session on the CPU. */
export async function createNodeBackend(
  bytes: Uint8Array,
  options: NodeSessionOptions = {},
): Promise<InferenceBackend> {
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: options.intraOpNumThreads ?? 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  return ortSessionBackend(session, ort.Tensor);
}
