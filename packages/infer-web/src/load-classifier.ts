import {
  type Classifier,
  type ClassifierOptions,
  type FetchLike,
  type ModelSource,
  openClassifier,
  readModelBytes,
} from '@imdb-rnn/core';
import { createWebBackend } from './onnx-web-backend.js';
import { applyRuntimeSettings, type RuntimeSettings } from './runtime-settings.js';

export interface LoadClassifierOptions extends ClassifierOptions, RuntimeSettings {
  /** Aborts the model download (e.g. `AbortSignal.timeout(10_000)`). */
  signal?: AbortSignal;
  /** The fetch used for URLs; default the global one. */
  fetch?: FetchLike;
}

/**
 * Loads an exported imdb-rnn ONNX model into onnxruntime-web (WASM). `source` is a
 * URL (relative ones resolve against the page), the bytes, a Blob or a Response.
 */
export async function loadClassifier(
  source: ModelSource,
  options: LoadClassifierOptions = {},
): Promise<Classifier> {
  applyRuntimeSettings(options);
  const bytes = await readModelBytes(source, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return openClassifier(bytes, createWebBackend, options);
}
