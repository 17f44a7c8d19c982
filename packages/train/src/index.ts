// @imdb-rnn/train: filled by issues 3 (fused tfjs ops) and 4 (the experiment).
// Nothing is exported yet on purpose: no placeholder API.
export {};
