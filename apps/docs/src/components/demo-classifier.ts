// The demo's view of a classifier from @imdb-rnn/infer-web (core's Classifier):
// only the calls the page makes, so the component stays the same if the
// package grows. The result types are core's.
import type { Explanation, Prediction } from '@imdb-rnn/core';

export type { Explanation, Prediction, TokenContribution } from '@imdb-rnn/core';

/** `signal` drops a call made stale by newer input (it rejects with an AbortError). */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface DemoClassifier {
  classify(text: string, options?: CallOptions): Promise<Prediction>;
  explain(text: string, options?: CallOptions): Promise<Explanation>;
  dispose(): Promise<void> | void;
}

export class DemoLoadError extends Error {
  override name = 'DemoLoadError';
}
