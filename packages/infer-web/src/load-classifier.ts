import {
  type Classifier,
  type ClassifierOptions,
  type FetchLike,
  isModelName,
  type LoadProgress,
  type ModelName,
  type ModelSource,
  openClassifier,
  readModelBytes,
} from '@imdb-rnn/core';
import { cachingFetch, DEFAULT_MODEL_CACHE } from './model-cache.js';
import { createWebBackend, warmUpRuntime } from './onnx-web-backend.js';
import { resolveModelName } from './resolve-model-name.js';
import { configureRuntime, type RuntimeSettings } from './runtime-settings.js';

export interface LoadClassifierOptions extends ClassifierOptions, RuntimeSettings {
  /** Aborts the model download (e.g. `AbortSignal.timeout(10_000)`). */
  signal?: AbortSignal;
  /** The fetch used for URLs; default the global one. */
  fetch?: FetchLike;
  /** Called as the model downloads: `{ loaded, total, url }` (total undefined when unknown). */
  onProgress?: (progress: LoadProgress) => void;
  /**
   * Keep the downloaded model in the Cache API and load it from there next time (also
   * offline): `true` for the cache `imdb-rnn-models`, or a cache name. Default: no caching.
   */
  cache?: boolean | string;
}

/**
 * Loads an exported imdb-rnn ONNX model into onnxruntime-web (WASM). `source` is a model
 * name (`'best'`: write `import '@imdb-rnn/models/best'` in the app, see
 * resolveModelName), a URL (relative ones resolve against the page), the bytes, a Blob
 * or a Response.
 */
export async function loadClassifier(
  source: ModelSource | ModelName,
  options: LoadClassifierOptions = {},
): Promise<Classifier> {
  configureRuntime({
    ...(options.wasmPaths !== undefined ? { wasmPaths: options.wasmPaths } : {}),
    ...(options.numThreads !== undefined ? { numThreads: options.numThreads } : {}),
  });
  // The runtime starts while the model downloads (each takes a good part of a cold load).
  void warmUpRuntime();
  const resolved = isModelName(source) ? await resolveModelName(source) : source;
  const fetchModel: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const cacheName = options.cache === true ? DEFAULT_MODEL_CACHE : options.cache || undefined;
  const bytes = await readModelBytes(resolved, {
    ...(options.signal ? { signal: options.signal } : {}),
    fetch: cacheName ? cachingFetch(cacheName, fetchModel) : fetchModel,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return openClassifier(bytes, createWebBackend, options);
}
