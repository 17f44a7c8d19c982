/**
 * The key of the models registry: `globalThis[MODEL_REGISTRY_KEY]` is a `Map` from model
 * name to the model file's URL. Each `@imdb-rnn/models/<name>` module adds its entry when
 * it is imported, so a bundled app that writes `import '@imdb-rnn/models/best'` makes
 * `loadClassifier('best')` work, and its bundler ships that model only. A registered
 * symbol on the global object, rather than an import, because neither package may depend
 * on the other, and two copies of either in one app (two versions) must see one registry.
 */
export const MODEL_REGISTRY_KEY: unique symbol = Symbol.for('@imdb-rnn/models');

/** The models this realm has imported, by name: the registry read, never written. */
export function registeredModels(): ReadonlyMap<string, URL> {
  const registry = (globalThis as Record<symbol, unknown>)[MODEL_REGISTRY_KEY];
  if (!(registry instanceof Map)) return new Map();
  // Only URL entries: anything else was not written by @imdb-rnn/models.
  return new Map([...registry].filter((entry): entry is [string, URL] => entry[1] instanceof URL));
}
