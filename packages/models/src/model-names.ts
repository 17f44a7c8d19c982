/**
 * The models this package ships, by the name `loadClassifier(name)` takes: the four
 * reference architectures and the `best` preset. (@imdb-rnn/core keeps the same list
 * as MODEL_NAMES, so a runtime can name them when this package is not installed; a
 * test holds the two equal.)
 */
export const MODEL_NAMES = ['rnn', 'gru', 'lstm', 'bilstm', 'best'] as const;

export type ModelName = (typeof MODEL_NAMES)[number];
