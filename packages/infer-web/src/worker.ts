// @imdb-rnn/infer-web/worker: the same classifier, running ONNX Runtime Web in a
// dedicated Web Worker so that inference never blocks the page.
export type {
  ClassifierMetadata,
  Explanation,
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
  ModelFormatError,
  ModelLoadError,
  ModelNotFoundError,
} from '@imdb-rnn/core';
export { AbortError } from './abort-error.js';
export type { CallOptions, WorkerClassifier, WorkerLoadOptions } from './worker-classifier.js';
export { createClassifierWorker, loadClassifier } from './worker-classifier.js';
