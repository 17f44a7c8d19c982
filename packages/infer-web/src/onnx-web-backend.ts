import { type InferenceBackend, ortSessionBackend } from '@imdb-rnn/core';
import * as ort from 'onnxruntime-web/wasm';

/**
 * An InferenceBackend over one onnxruntime-web session on the WASM execution
 * provider. (The recurrent operators have no WebGPU kernels in ORT Web 1.30, so
 * WebGPU would run them on the CPU anyway, with copies in between.) The classifier
 * queues every run, so this session never sees two at once.
 */
export async function createWebBackend(bytes: Uint8Array): Promise<InferenceBackend> {
  const session = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
  return ortSessionBackend(session, ort.Tensor);
}

const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  executionProviders: ['wasm'],
  // 'basic' (constant folding, which dequantizes the int8 embedding once at load, and
  // redundant-node removal) rather than 'all': for our exports the higher levels find
  // nothing more to do (onnxruntime-node's optimizedModelFilePath writes byte-identical
  // graphs at 'basic' and 'all' for all five models of @imdb-rnn/models), but running
  // their passes makes Chromium compile more of ORT's wasm during the first session.
  // Cold page load to the first logit of best.int8.onnx, 12 interleaved fresh contexts
  // each: median 840 ms against 895 ms, the same logit, and the same steady-state speed
  // (10.6 against 10.4 ms for a 230-token review plus 22 explain phrases).
  graphOptimizationLevel: 'basic',
};

// y = Identity(x), IR 8, opset 17: the smallest model ORT accepts (67 bytes, written
// with onnx.helper and passed by onnx.checker; its first session starts the runtime).
export const IDENTITY_MODEL = new Uint8Array([
  8, 8, 18, 0, 58, 55, 10, 16, 10, 1, 120, 18, 1, 121, 34, 8, 73, 100, 101, 110, 116, 105, 116, 121,
  18, 1, 119, 90, 15, 10, 1, 120, 18, 10, 10, 8, 8, 1, 18, 4, 10, 2, 8, 1, 98, 15, 10, 1, 121, 18,
  10, 10, 8, 8, 1, 18, 4, 10, 2, 8, 1, 66, 4, 10, 0, 16, 17,
]);

let warming: Promise<boolean> | undefined;

/**
 * Starts ONNX Runtime Web's wasm (fetch, compile, instantiate: most of a cold load,
 * about 1.9 s of 2.5 s on a slow 2-core machine) without waiting for a model, so that
 * `loadClassifier` can download the model meanwhile. ORT has no public "init", and its
 * first `InferenceSession.create` does both in turn; a throwaway session of a tiny
 * model starts the runtime alone. Call it after the runtime settings are in force (ORT
 * reads them when it starts). Resolves to whether the runtime started, and never
 * rejects: a runtime that cannot start fails again, with its own error, when the real
 * model's session is created.
 */
export function warmUpRuntime(): Promise<boolean> {
  warming ??= ort.InferenceSession.create(IDENTITY_MODEL, SESSION_OPTIONS).then(
    async (session) => {
      await session.release();
      return true;
    },
    () => false,
  );
  return warming;
}
