// @imdb-rnn/infer-node: filled by issue 6. Nothing is exported yet on purpose.
export {};
