import { assertKnownModelName, ModelNotFoundError, registeredModels } from '@imdb-rnn/core';

/**
 * The URL of the model `name` of `@imdb-rnn/models`. First the models this page imported
 * (`import '@imdb-rnn/models/best'` registers best's URL, the asset its bundler emitted);
 * then a run-time import of `@imdb-rnn/models/<name>`, which works where the page can
 * resolve that bare specifier itself (an import map) and in Node. That import is hidden
 * from bundlers on purpose: were it visible, Vite and webpack would emit every model for
 * every app, so in a bundled app a name resolves only once the app imports its module.
 */
export async function resolveModelName(name: string): Promise<URL> {
  const registered = registeredModels().get(name);
  if (registered) return registered;
  assertKnownModelName(name);
  const specifier = `@imdb-rnn/models/${name}`;
  let module: { default?: unknown };
  try {
    module = await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier);
  } catch (error) {
    throw new ModelNotFoundError(name, notImportedProblem(specifier), { cause: error });
  }
  if (!(module.default instanceof URL)) {
    throw new ModelNotFoundError(name, `"${specifier}" does not export a URL`);
  }
  return module.default;
}

/** What to write: the import that registers the model, and which models the page did import. */
function notImportedProblem(specifier: string): string {
  const imported = [...registeredModels().keys()];
  return (
    `this page has not imported it: add \`import '${specifier}';\` next to loadClassifier ` +
    `(in a bundled app that also makes the bundler ship the file; without a bundler, map ` +
    `"${specifier}" in the page's import map); imported here: ${imported.join(', ') || 'none'}`
  );
}
