// @imdb-rnn/infer-web: filled by issue 6. Nothing is exported yet on purpose.
export {};
