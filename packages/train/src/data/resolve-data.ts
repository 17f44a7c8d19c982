import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ImdbDataError } from '../errors';
import { createProgress, type Progress } from '../io/progress';
import { resolveCacheDir } from './cache-dir';
import { type DownloadProgress, downloadFile } from './download';
import {
  IMDB_ARCHIVE_NAME,
  IMDB_ARCHIVE_SHA256,
  IMDB_ARCHIVE_SIZE,
  IMDB_ARCHIVE_URL,
} from './imdb-official';

export interface ImdbDownloadOptions {
  /** Default IMDB_ARCHIVE_URL; a mirror, or a loopback server in tests. */
  url?: string;
  /** Default IMDB_ARCHIVE_SHA256, the published archive's hash. */
  sha256?: string;
  /** Expected size; default the published archive's when `sha256` is the default one. */
  size?: number;
  fetch?: typeof globalThis.fetch;
}

export interface ResolveImdbSourceOptions {
  /** An explicit source (the CLI's `--data PATH`): archive or folder. Wins over everything. */
  data?: string;
  /** Environment to read IMDB_RNN_DATA (and IMDB_RNN_CACHE) from. Default process.env. */
  env?: Record<string, string | undefined>;
  /** Cache folder; default resolveCacheDir(env). The archive is `<cacheDir>/aclImdb_v1.tar.gz`. */
  cacheDir?: string;
  download?: ImdbDownloadOptions;
  /** Download progress; default a progress display on stderr. */
  onProgress?: (progress: DownloadProgress) => void;
}

/**
 * Where to read IMDB from: `data` if given, else IMDB_RNN_DATA, else the
 * archive in the per-user cache, else the official archive downloaded into the
 * cache (checksum-checked, atomically: a failed download leaves nothing). A
 * path that was given explicitly must exist; it never silently falls back to
 * another source. Returns an absolute path to an archive or folder.
 */
export async function resolveImdbSource(options: ResolveImdbSourceOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  if (isSet(options.data)) return existing(options.data, 'given as --data');
  if (isSet(env.IMDB_RNN_DATA)) return existing(env.IMDB_RNN_DATA, 'from IMDB_RNN_DATA');

  const cached = resolve(options.cacheDir ?? resolveCacheDir(env), IMDB_ARCHIVE_NAME);
  // Downloads are renamed into place only when complete and verified, so a
  // file at this path is a whole archive; it is not re-hashed on every run.
  if (await exists(cached)) return cached;

  const download = options.download ?? {};
  const url = download.url ?? IMDB_ARCHIVE_URL;
  const sha256 = download.sha256 ?? IMDB_ARCHIVE_SHA256;
  const size = download.size ?? (download.sha256 === undefined ? IMDB_ARCHIVE_SIZE : undefined);
  let progress: Progress | undefined;
  const onProgress =
    options.onProgress ??
    ((p: DownloadProgress) => {
      progress ??= createProgress({ label: `download ${url}`, total: p.total, unit: 'bytes' });
      progress.update(p.received);
    });
  try {
    await downloadFile(url, cached, { sha256, size, fetch: download.fetch, onProgress });
  } finally {
    progress?.stop();
  }
  return cached;
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

async function existing(path: string, origin: string): Promise<string> {
  const absolute = resolve(path);
  if (!(await exists(absolute))) {
    throw new ImdbDataError(
      'IMDB_MISSING_PATH',
      path,
      `no such file or folder (${origin}; expected aclImdb_v1.tar.gz or an extracted aclImdb folder)`,
    );
  }
  return absolute;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
