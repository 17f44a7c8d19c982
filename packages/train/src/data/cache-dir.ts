import envPaths from 'env-paths';

/**
 * The per-user cache folder for downloaded archives and parsed vectors:
 * `IMDB_RNN_CACHE` if set, else the platform's cache folder (XDG_CACHE_HOME or
 * ~/.cache/imdb-rnn on Linux, ~/Library/Caches/imdb-rnn on macOS, %LOCALAPPDATA%
 * on Windows; env-paths knows these conventions so we do not hand-code them).
 */
export function resolveCacheDir(env: Record<string, string | undefined> = process.env): string {
  const override = env.IMDB_RNN_CACHE;
  if (override !== undefined && override.trim() !== '') return override;
  return envPaths('imdb-rnn', { suffix: '' }).cache;
}
