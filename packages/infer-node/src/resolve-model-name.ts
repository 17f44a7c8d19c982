import { assertKnownModelName, ModelNotFoundError } from '@imdb-rnn/core';

/** Module-resolution failures that mean "that model is not installed". */
const NOT_INSTALLED = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/**
 * The `file:` URL of the model `name` in the installed `@imdb-rnn/models`
 * (`@imdb-rnn/models/<name>` exports it). An unknown name, a missing package or an
 * installed version without that model is a ModelNotFoundError listing the names.
 */
export async function resolveModelName(name: string): Promise<URL> {
  assertKnownModelName(name);
  let module: { default: unknown };
  try {
    module = await import(`@imdb-rnn/models/${name}`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
      throw new ModelNotFoundError(name, 'the installed @imdb-rnn/models does not ship it', {
        cause: error,
      });
    }
    if (code !== undefined && NOT_INSTALLED.has(code)) {
      throw new ModelNotFoundError(
        name,
        '@imdb-rnn/models is not installed (npm install @imdb-rnn/models)',
        { cause: error },
      );
    }
    throw error;
  }
  if (!(module.default instanceof URL)) {
    throw new ModelNotFoundError(name, `@imdb-rnn/models/${name} does not export a URL`);
  }
  return module.default;
}
