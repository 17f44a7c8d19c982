import type { ModelName } from './model-names.js';

/**
 * Puts `url` into the registry the runtimes read (@imdb-rnn/core's `registeredModels`):
 * a Map from name to URL on `globalThis` under `Symbol.for('@imdb-rnn/models')`. That is
 * how `import '@imdb-rnn/models/best'` lets infer-web's `loadClassifier('best')` find the
 * file a bundler emitted, without this package depending on a runtime or the other way round.
 * Returns `url`, the per-model module's default export.
 */
export function registerModel(name: ModelName, url: URL): URL {
  const global = globalThis as Record<symbol, unknown>;
  const key = Symbol.for('@imdb-rnn/models');
  let registry = global[key];
  if (!(registry instanceof Map)) {
    registry = new Map<string, URL>();
    global[key] = registry;
  }
  (registry as Map<string, URL>).set(name, url);
  return url;
}
