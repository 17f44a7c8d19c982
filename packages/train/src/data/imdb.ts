import { stat } from 'node:fs/promises';
import { ArgumentError } from '@imdb-rnn/core';
import { ImdbDataError } from '../errors';
import { readArchiveFiles } from './imdb-archive';
import { type ImdbSplits, ReviewCollector } from './imdb-collect';
import { findDatasetRoot, readFolderFiles } from './imdb-folder';
import { decodeReviewText, IMDB_SPLITS, type ImdbSplit, locateReview } from './imdb-review';

export interface ImdbReadProgress {
  /** Reviews decoded so far. */
  reviews: number;
  /** Work done, in `unit`: compressed bytes of an archive, or files of a folder. */
  done: number;
  /** Work in all, in `unit`. */
  total: number;
  unit: 'bytes' | 'files';
}

export interface ReadImdbOptions {
  /** Which splits to read and return; the others come back empty. Default both. */
  splits?: readonly ImdbSplit[];
  /**
   * Reviews kept per split and label, for small runs (CI, smoke tests): an
   * evenly spaced, deterministic subset by id. The whole source is still read
   * and checked.
   */
  limit?: number;
  onProgress?: (progress: ImdbReadProgress) => void;
}

// Progress is reported every this many reviews, and once at the end.
const PROGRESS_EVERY = 500;

/**
 * Reads the labelled IMDB reviews from the official `aclImdb_v1.tar.gz` (or a
 * .tar; streamed, nothing is unpacked to disk) or from an extracted folder (the
 * `aclImdb` folder or the one holding it). Reviews come back sorted by label
 * (negative first) then id within each split, whatever the source's order.
 * Throws one ImdbDataError naming the file and the problem for a missing path,
 * a truncated or corrupt archive, a non-UTF-8 or empty review, a missing split
 * or a split whose labels do not add up.
 */
export async function readImdb(source: string, options: ReadImdbOptions = {}): Promise<ImdbSplits> {
  const splits = checkSplits(options.splits);
  const limit = checkLimit(options.limit);
  const kind = await sourceKind(source);
  const collector = new ReviewCollector(source);
  const wanted = new Set<string>(splits);
  const located = new Map<string, ReturnType<typeof locateReview>>();
  let lastDone = 0;
  let lastTotal = 0;
  const unit = kind === 'folder' ? 'files' : 'bytes';
  const report = (force: boolean) => {
    if (options.onProgress && (force || collector.count % PROGRESS_EVERY === 0)) {
      options.onProgress({ reviews: collector.count, done: lastDone, total: lastTotal, unit });
    }
  };

  // Locating happens in `accept` so files of other splits and non-review files
  // are skipped before their bytes are copied.
  const accept = (name: string, shownAs: string): boolean => {
    const location = locateReview(name, shownAs);
    if (location === undefined || !wanted.has(location.split)) return false;
    located.set(name, location);
    return true;
  };
  const onWork = (done: number, total: number) => {
    lastDone = done;
    lastTotal = total;
  };

  if (kind === 'folder') {
    const root = await findDatasetRoot(source);
    if (root === undefined) {
      throw new ImdbDataError(
        'IMDB_MISSING_SPLIT',
        source,
        'no aclImdb/train or aclImdb/test folder here (expected the extracted aclImdb folder or the folder holding it)',
      );
    }
    const files = readFolderFiles(root, {
      splits,
      accept: (name) => accept(name, `${root}/${name.slice('aclImdb/'.length)}`),
      onFiles: onWork,
    });
    for await (const { name, file, bytes } of files) {
      collector.add(located.get(name)!, decodeReviewText(bytes, file), file);
      located.delete(name);
      report(false);
    }
  } else {
    const shown = (name: string) => `${source} (entry ${name})`;
    const files = readArchiveFiles(source, {
      accept: (name) => accept(name, shown(name)),
      onBytes: onWork,
    });
    for await (const { name, bytes } of files) {
      collector.add(located.get(name)!, decodeReviewText(bytes, shown(name)), shown(name));
      located.delete(name);
      report(false);
    }
  }
  report(true);
  return collector.finish(splits, limit);
}

async function sourceKind(source: string): Promise<'folder' | 'archive'> {
  try {
    return (await stat(source)).isDirectory() ? 'folder' : 'archive';
  } catch (cause) {
    throw new ImdbDataError(
      'IMDB_MISSING_PATH',
      source,
      'no such file or folder (expected aclImdb_v1.tar.gz or an extracted aclImdb folder)',
      { cause },
    );
  }
}

function checkSplits(splits: readonly ImdbSplit[] | undefined): readonly ImdbSplit[] {
  if (splits === undefined) return IMDB_SPLITS;
  if (splits.length === 0) throw new ArgumentError('options.splits', 'expected at least one split');
  for (const [i, split] of splits.entries()) {
    if (!IMDB_SPLITS.includes(split)) {
      throw new ArgumentError(
        `options.splits[${i}]`,
        `expected 'train' or 'test', got ${JSON.stringify(split)}`,
      );
    }
  }
  return IMDB_SPLITS.filter((split) => splits.includes(split));
}

function checkLimit(limit: number | undefined): number | undefined {
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw new ArgumentError('options.limit', `expected an integer >= 1, got ${limit}`);
  }
  return limit;
}
