import type { Dirent } from 'node:fs';
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
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
