// The names from @imdb-rnn/core that both entries re-export (`@imdb-rnn/infer-web` and
// `@imdb-rnn/infer-web/worker`), listed once so the two entries cannot drift apart: a
// page that moves its classifier into a worker keeps the same result types and errors.
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
