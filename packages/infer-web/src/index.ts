// @imdb-rnn/infer-web: the imdb-rnn classifier on onnxruntime-web (WASM). The logic
// lives in @imdb-rnn/core; this package only runs the ONNX session in the browser.
export type { Classifier, ClassifierOptions, LoadProgress } from '@imdb-rnn/core';
export { MODEL_NAMES } from '@imdb-rnn/core';
export { AbortError } from './abort-error.js';
export * from './core-exports.js';
export type { LoadClassifierOptions } from './load-classifier.js';
export { loadClassifier } from './load-classifier.js';
export { DEFAULT_MODEL_CACHE } from './model-cache.js';
export { createWebBackend } from './onnx-web-backend.js';
export { resolveModelName } from './resolve-model-name.js';
export type { RuntimeSettings, WasmPaths } from './runtime-settings.js';
export {
  configureRuntime,
  RuntimeConfigError,
  resolveThreads,
  runtimeSettings,
} from './runtime-settings.js';
