// Where IMDB's bytes come from: the published archive (found through --data,
// IMDB_RNN_DATA or the cache, else downloaded into the cache and checked),
// streamed as a tar without unpacking, or an extracted aclImdb folder.
import type { Dirent } from 'node:fs';
import { createReadStream, readFileSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { ImdbDataError } from '../errors';
import { createProgress, type Progress } from '../io/progress';
import { resolveCacheDir } from './cache-dir';
import { type DownloadProgress, downloadFile } from './download';
import type { ImdbSplit } from './imdb';

/** Where the Large Movie Review Dataset is published (Maas et al., ACL 2011). */
export const IMDB_ARCHIVE_URL = 'https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz';

/** The file name of the official archive, also its name in the cache folder. */
export const IMDB_ARCHIVE_NAME = 'aclImdb_v1.tar.gz';

/**
 * The sha256 of the published archive at IMDB_ARCHIVE_URL; a download whose
 * hash differs is rejected (a proxy's error page, a truncated or altered file).
 */
export const IMDB_ARCHIVE_SHA256 =
  'c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe';

/** The published archive's size in bytes. */
export const IMDB_ARCHIVE_SIZE = 84_125_825;

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

// --- Streaming the archive ---------------------------------------------------

/** One regular file of a tar archive, with its whole content. */
export interface ArchiveFile {
  name: string;
  bytes: Uint8Array;
}

export interface ArchiveReadOptions {
  /** Called with each file's name; only files it accepts have their bytes kept. */
  accept: (name: string) => boolean;
  /** Compressed bytes read so far and the archive's size, for a progress display. */
  onBytes?: (read: number, total: number) => void;
}

/**
 * Streams the regular files of a .tar.gz (or plain .tar) without unpacking it
 * to disk. tar-stream rather than node-tar's Parser: it is a parser only (no
 * file-system side), yields entries as an async iterator we can drain one at a
 * time, and reports a tar cut short as an error ("Unexpected end of data")
 * where node-tar reports most damage as warnings unless in strict mode. Every
 * failure of the gzip or tar layer becomes one IMDB_CORRUPT_ARCHIVE error
 * naming the archive.
 */
export async function* readArchiveFiles(
  archive: string,
  options: ArchiveReadOptions,
): AsyncGenerator<ArchiveFile> {
  const { total, gzipped } = await probeArchive(archive);
  const file = createReadStream(archive);
  const gunzip = gzipped ? createGunzip() : undefined;
  const tar = extract();
  let read = 0;
  file.on('data', (chunk) => {
    read += chunk.length;
    options.onBytes?.(read, total);
  });
  // pipe() does not forward errors; the extractor's iterator is the one place
  // the caller waits on, so every layer's error is routed there.
  const fail = (error: Error) => tar.destroy(error);
  file.on('error', fail);
  gunzip?.on('error', fail);
  const tarBytes = gunzip === undefined ? file : file.pipe(gunzip);
  const tail = new TailBlock();
  tarBytes.on('data', (chunk: Uint8Array) => tail.push(chunk));
  tarBytes.pipe(tar as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of tar) {
      const { name, type } = entry.header;
      if ((type === 'file' || type === 'contiguous-file') && options.accept(name)) {
        yield { name, bytes: await readAll(entry) };
      } else {
        entry.resume();
      }
    }
    // tar-stream ends quietly when a tar stops between entries; only the
    // end-of-archive marker (zero blocks) tells a complete tar from a cut one.
    if (!tail.isZeroBlock()) {
      throw new ImdbDataError(
        'IMDB_CORRUPT_ARCHIVE',
        archive,
        'truncated archive: the tar stream stops without its end-of-archive marker',
      );
    }
  } catch (error) {
    if (error instanceof ImdbDataError) throw error;
    throw new ImdbDataError(
      'IMDB_CORRUPT_ARCHIVE',
      archive,
      describeArchiveFailure(error, gzipped),
      {
        cause: error,
      },
    );
  } finally {
    file.destroy();
    gunzip?.destroy();
    tar.destroy();
  }
}

const TAR_BLOCK = 512;

/** The last 512 bytes of a stream, to check that a tar ends with a zero block. */
class TailBlock {
  private bytes = new Uint8Array(0);

  push(chunk: Uint8Array): void {
    if (chunk.length >= TAR_BLOCK) {
      this.bytes = chunk.slice(chunk.length - TAR_BLOCK);
    } else {
      const joined = new Uint8Array(this.bytes.length + chunk.length);
      joined.set(this.bytes);
      joined.set(chunk, this.bytes.length);
      this.bytes = joined.slice(Math.max(0, joined.length - TAR_BLOCK));
    }
  }

  isZeroBlock(): boolean {
    return this.bytes.length === TAR_BLOCK && this.bytes.every((byte) => byte === 0);
  }
}

async function readAll(entry: AsyncIterable<unknown>): Promise<Uint8Array> {
  // tar-stream's entries yield Buffers (its types say `unknown`).
  const chunks: Uint8Array[] = [];
  for await (const chunk of entry) chunks.push(chunk as Uint8Array);
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/** Size, and whether the gzip magic bytes lead the file (the extension may lie). */
async function probeArchive(archive: string): Promise<{ total: number; gzipped: boolean }> {
  const handle = await open(archive, 'r');
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    const { size } = await handle.stat();
    return { total: size, gzipped: bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b };
  } finally {
    await handle.close();
  }
}

function describeArchiveFailure(error: unknown, gzipped: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message)) {
    return `truncated archive: the gzip stream ends early (${message})`;
  }
  if (code === 'Z_DATA_ERROR') return `corrupt gzip data (${message})`;
  if (/unexpected end of data/i.test(message)) {
    return `truncated archive: the tar stream ends inside an entry (${message})`;
  }
  if (/invalid.*header/i.test(message)) {
    return `not a valid tar${gzipped ? '.gz' : ''} archive (${message})`;
  }
  return `cannot read the archive (${message})`;
}

// --- Reading an extracted folder ---------------------------------------------

/** One review file found in an extracted dataset folder. */
export interface FolderFile {
  /** In the official layout, e.g. `aclImdb/train/pos/0_9.txt`. */
  name: string;
  /** The file on disk, for error messages. */
  file: string;
  bytes: Uint8Array;
}

export interface FolderReadOptions {
  splits: readonly ImdbSplit[];
  /** Called with each file's official-layout name; only accepted files are read. */
  accept: (name: string) => boolean;
  /** Files read so far and the number to read, for a progress display. */
  onFiles?: (read: number, total: number) => void;
}

// Review files are ~1 KB: synchronous reads in batches beat async readFile,
// whose per-file thread-pool round trips dominated (median 1.2 s vs 4.0 s for
// 50,000 files on a loaded 2-core machine). Yielding between batches keeps
// timers such as a progress display running.
const BATCH = 256;

/**
 * The `aclImdb` folder for a source that is either that folder or the folder
 * holding it; `undefined` when neither has a train/ or test/ folder.
 */
export async function findDatasetRoot(folder: string): Promise<string | undefined> {
  for (const candidate of [join(folder, 'aclImdb'), folder]) {
    for (const split of ['train', 'test']) {
      if (await isFolder(join(candidate, split))) return candidate;
    }
  }
  return undefined;
}

/**
 * Reads the review files of the requested splits from `root` (an `aclImdb`
 * folder). Missing split or label folders yield nothing; the collector turns
 * that into a missing-split or wrong-count error naming the source.
 */
export async function* readFolderFiles(
  root: string,
  options: FolderReadOptions,
): AsyncGenerator<FolderFile> {
  const pending: { name: string; file: string }[] = [];
  for (const split of options.splits) {
    for (const folder of ['neg', 'pos']) {
      const dir = join(root, split, folder);
      for (const entry of await listFiles(dir)) {
        const name = `aclImdb/${split}/${folder}/${entry.name}`;
        if (options.accept(name)) pending.push({ name, file: join(dir, entry.name) });
      }
    }
  }
  let read = 0;
  for (let start = 0; start < pending.length; start += BATCH) {
    const batch = pending.slice(start, start + BATCH);
    const contents = batch.map(({ file }) => readFileSync(file));
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < batch.length; i++) {
      const { name, file } = batch[i] as { name: string; file: string };
      yield { name, file, bytes: contents[i] as Uint8Array };
    }
    read += batch.length;
    options.onFiles?.(read, pending.length);
  }
}

async function listFiles(dir: string): Promise<Dirent[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
