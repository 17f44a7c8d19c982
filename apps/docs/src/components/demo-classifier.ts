// The demo's view of a classifier from @imdb-rnn/infer-web (core's Classifier):
// only the calls the page makes, so the component stays the same if the
// package grows. The result types are core's.
import type { Explanation, Prediction } from '@imdb-rnn/core';

export type { Explanation, Prediction, TokenContribution } from '@imdb-rnn/core';

export interface DemoClassifier {
  classify(text: string): Promise<Prediction>;
  explain(text: string): Promise<Explanation>;
  dispose(): Promise<void> | void;
}

export class DemoLoadError extends Error {
  override name = 'DemoLoadError';
}
