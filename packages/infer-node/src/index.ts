// @imdb-rnn/infer-node: the imdb-rnn classifier on onnxruntime-node. The logic lives in
// @imdb-rnn/core; this package reads files/URLs and runs the ONNX session.
export type {
  Classifier,
  ClassifierMetadata,
  ClassifierOptions,
  Explanation,
  LoadProgress,
  ModelName,
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
export type { ClassifyCommandIO } from './cli/classify-command.js';
export { runClassifyCommand } from './cli/classify-command.js';
export type { LoadClassifierOptions, NodeModelSource } from './load-classifier.js';
export { loadClassifier } from './load-classifier.js';
export type { NodeSessionOptions } from './onnx-node-backend.js';
export { createNodeBackend } from './onnx-node-backend.js';
