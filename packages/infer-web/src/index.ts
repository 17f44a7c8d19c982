// @imdb-rnn/infer-web: the imdb-rnn classifier on onnxruntime-web (WASM). The logic
// lives in @imdb-rnn/core; this package only runs the ONNX session in the browser.
export type {
  Classifier,
  ClassifierMetadata,
  ClassifierOptions,
  Explanation,
  LoadProgress,
  ModelName,
  ModelSource,
  Prediction,
  SentimentLabel,
  TokenContribution,
} from '@imdb-rnn/core';
export {
  ClassifierDisposedError,
  ImdbRnnError,
  InputError,
  MetadataError,
  MODEL_NAMES,
  ModelFormatError,
  ModelLoadError,
  ModelNotFoundError,
} from '@imdb-rnn/core';
export { AbortError } from './abort-error.js';
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
