import {
  type Classifier,
  type ClassifierOptions,
  type FetchLike,
  isModelName,
  type ModelName,
  type ModelSource,
  openClassifier,
  readModelBytes,
} from '@imdb-rnn/core';
import { createWebBackend } from './onnx-web-backend.js';
import { resolveModelName } from './resolve-model-name.js';
import { applyRuntimeSettings, type RuntimeSettings } from './runtime-settings.js';

export interface LoadClassifierOptions extends ClassifierOptions, RuntimeSettings {
  /** Aborts the model download (e.g. `AbortSignal.timeout(10_000)`). */
  signal?: AbortSignal;
  /** The fetch used for URLs; default the global one. */
  fetch?: FetchLike;
}

/**
 * Loads an exported imdb-rnn ONNX model into onnxruntime-web (WASM). `source` is a
 * URL (relative ones resolve against the page; `import best from '@imdb-rnn/models/best'`
 * gives one), the bytes, a Blob or a Response; or a model name (`'best'`) where the page
 * can import `@imdb-rnn/models/<name>` itself (an import map; see resolveModelName).
 */
export async function loadClassifier(
  source: ModelSource | ModelName,
  options: LoadClassifierOptions = {},
): Promise<Classifier> {
  applyRuntimeSettings(options);
  const resolved = isModelName(source) ? await resolveModelName(source) : source;
  const bytes = await readModelBytes(resolved, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return openClassifier(bytes, createWebBackend, options);
}
