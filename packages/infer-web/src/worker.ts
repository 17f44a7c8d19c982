// @imdb-rnn/infer-web/worker: the same classifier, running ONNX Runtime Web in a
// dedicated Web Worker so that inference never blocks the page.

export { AbortError } from './abort-error.js';
export * from './core-exports.js';
export type { CallOptions, WorkerClassifier, WorkerLoadOptions } from './worker-classifier.js';
export { createClassifierWorker, loadClassifier } from './worker-classifier.js';
