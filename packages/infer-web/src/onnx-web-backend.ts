import { type InferenceBackend, ortSessionBackend } from '@imdb-rnn/core';
import * as ort from 'onnxruntime-web/wasm';

/**
 * An InferenceBackend over one onnxruntime-web session on the WASM execution
 * provider. (The recurrent operators have no WebGPU kernels in ORT Web 1.30, so
 * WebGPU would run them on the CPU anyway, with copies in between.) The classifier
 * queues every run, so this session never sees two at once.
 */
export async function createWebBackend(bytes: Uint8Array): Promise<InferenceBackend> {
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
  return ortSessionBackend(session, ort.Tensor);
}
