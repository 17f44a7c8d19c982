// The demo's view of @imdb-rnn/infer-web: only the calls the page makes, so
// the component stays the same if the package grows.

export interface Classification {
  label: string;
  /** P(positive) in [0, 1] */
  score: number;
  logit: number;
}

export interface TokenContribution {
  token: string;
  /** signed contribution to the logit: positive pushes towards "positive" */
  contribution: number;
}

export interface DemoClassifier {
  classify(text: string): Promise<Classification>;
  explain(text: string): Promise<TokenContribution[]>;
  dispose(): Promise<void> | void;
}

export class DemoLoadError extends Error {
  override name = 'DemoLoadError';
}
