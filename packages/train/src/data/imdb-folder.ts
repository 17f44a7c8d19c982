import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImdbSplit } from './imdb-review';

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

// Enough reads in flight to hide per-file latency without holding thousands of
// file descriptors open.
const CONCURRENT_READS = 32;

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
  for (let start = 0; start < pending.length; start += CONCURRENT_READS) {
    const batch = pending.slice(start, start + CONCURRENT_READS);
    const contents = await Promise.all(batch.map(({ file }) => readFile(file)));
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
