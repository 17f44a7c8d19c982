// The demo's view of a classifier from @imdb-rnn/infer-web (core's Classifier):
// only the calls the page makes, so the component stays the same if the
// package grows.

export interface Classification {
  label: string;
  /** P(positive) in [0, 1] */
  score: number;
  logit: number;
}

export interface TokenContribution {
  token: string;
  /** score(review) - score(review without this token): > 0 pushed towards positive */
  contribution: number;
}

export interface Explanation extends Classification {
  tokens: TokenContribution[];
}

export interface DemoClassifier {
  classify(text: string): Promise<Classification>;
  explain(text: string): Promise<Explanation>;
  dispose(): Promise<void> | void;
}

export class DemoLoadError extends Error {
  override name = 'DemoLoadError';
}
