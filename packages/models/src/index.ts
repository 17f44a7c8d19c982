// @imdb-rnn/models: the trained models' manifest. The model files themselves are
// reached through one subpath per model (`@imdb-rnn/models/best`), never from here,
// so importing this entry makes no bundler emit a model.
export type { ModelEntry } from './manifest.js';
export { MODELS } from './manifest.js';
export type { ModelName } from './model-names.js';
export { MODEL_NAMES } from './model-names.js';
