import { resolveImdbSource } from '../data/imdb-source';

/**
 * The IMDB source for a command: `--data`, else IMDB_RNN_DATA, else the cached
 * archive, else the official archive downloaded into the cache (with progress).
 */
export async function resolveDataOption(data: string | undefined): Promise<string> {
  return resolveImdbSource(data === undefined ? {} : { data });
}
