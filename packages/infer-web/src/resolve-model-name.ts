import { MODEL_NAMES, ModelNotFoundError } from '@imdb-rnn/core';

/**
 * The URL of the model `name` of `@imdb-rnn/models`, imported at run time from
 * `@imdb-rnn/models/<name>`. The import is hidden from bundlers on purpose: were it
 * visible, Vite and webpack would emit every model for every app. So this resolves
 * where the page itself can resolve the bare specifier (an import map) and in Node;
 * a bundled app imports the URL instead (`import best from '@imdb-rnn/models/best'`)
 * and passes it to `loadClassifier`, and its bundler ships only that file.
 */
export async function resolveModelName(name: string): Promise<URL> {
  if (!(MODEL_NAMES as readonly string[]).includes(name)) {
    throw new ModelNotFoundError(name, 'no model has this name');
  }
  const specifier = `@imdb-rnn/models/${name}`;
  let module: { default?: unknown };
  try {
    module = await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier);
  } catch (error) {
    throw new ModelNotFoundError(
      name,
      `this page cannot import "${specifier}" (is @imdb-rnn/models installed and in the import map? In a bundled app, import the model's URL, \`import ${name} from '${specifier}'\`, and pass it to loadClassifier)`,
      { cause: error },
    );
  }
  if (!(module.default instanceof URL)) {
    throw new ModelNotFoundError(name, `"${specifier}" does not export a URL`);
  }
  return module.default;
}
