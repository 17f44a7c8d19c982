// Reading the labelled IMDB reviews (Maas et al., ACL 2011): readImdb takes
// the official archive or an extracted folder (the bytes come from
// imdb-source.ts), locates each labelled review by its path, decodes it
// strictly, and hands back every split sorted and checked for completeness.
import { stat } from 'node:fs/promises';
import { ArgumentError } from '@imdb-rnn/core';
import { ImdbDataError } from '../errors';
import { findDatasetRoot, readArchiveFiles, readFolderFiles } from './imdb-source';

export type ImdbSplit = 'train' | 'test';

export const IMDB_SPLITS: readonly ImdbSplit[] = ['train', 'test'];

/** One labelled review of the Large Movie Review Dataset. */
export interface Review {
  /** The number before the underscore in the file name; unique within a split and label. */
  id: number;
  /** Stars out of 10 from the file name: 1-4 for negative, 7-10 for positive reviews. */
  rating: number;
  /** 0 negative (neg/), 1 positive (pos/). */
  label: 0 | 1;
  /** The review as written, including its `<br />` line breaks. */
  text: string;
  /** Where it lives in the official layout, e.g. `aclImdb/train/pos/0_9.txt`, whatever the source. */
  path: string;
}

/** A review's place in the dataset, known from its path before its bytes are read. */
export interface ReviewLocation {
  split: ImdbSplit;
  label: 0 | 1;
  id: number;
  rating: number;
  path: string;
}

// Only aclImdb/{train,test}/{pos,neg}/* are labelled reviews; train/unsup,
// the *.feat files, urls_*.txt, README and imdb.vocab of the official archive
// do not match and are skipped.
const LABELLED_PATH = /^(?:\.\/)?aclImdb\/(train|test)\/(pos|neg)\/([^/]+)$/;
const REVIEW_NAME = /^(\d+)_(\d+)\.txt$/;

/**
 * Locates an archive entry or file in the dataset: `undefined` for files that
 * are not labelled reviews (skipped), a location for a review, and an error for
 * a file inside pos/ or neg/ that cannot be one (a wrong name, or a rating that
 * contradicts the folder: the dataset puts ratings 1-4 in neg/ and 7-10 in pos/).
 * `shownAs` is how errors name the file (archive plus entry, or a disk path).
 */
export function locateReview(relativePath: string, shownAs: string): ReviewLocation | undefined {
  const match = LABELLED_PATH.exec(relativePath);
  if (match === null) return undefined;
  const [, split, folder, name] = match as unknown as [string, ImdbSplit, 'pos' | 'neg', string];
  // Hidden files (macOS `._0_9.txt` resource forks, editor swap files) are not reviews.
  if (name.startsWith('.')) return undefined;
  const nameMatch = REVIEW_NAME.exec(name);
  if (nameMatch === null) {
    throw new ImdbDataError(
      'IMDB_BAD_ENTRY',
      shownAs,
      `expected a review file named <id>_<rating>.txt in ${folder}/, got "${name}"`,
    );
  }
  const id = Number(nameMatch[1]);
  const rating = Number(nameMatch[2]);
  const label = folder === 'pos' ? 1 : 0;
  const ratingFits = label === 1 ? rating >= 7 && rating <= 10 : rating >= 1 && rating <= 4;
  if (!ratingFits) {
    throw new ImdbDataError(
      'IMDB_BAD_ENTRY',
      shownAs,
      `rating ${rating} does not fit the ${folder}/ folder (${label === 1 ? '7-10' : '1-4'} stars)`,
    );
  }
  return { split, label, id, rating, path: relativePath.replace(/^\.\//, '') };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The review's text, decoded strictly: invalid UTF-8 is an error rather than
 * U+FFFD characters silently reaching the tokenizer, and an empty review is an
 * error rather than a training example with no tokens.
 */
export function decodeReviewText(bytes: Uint8Array, shownAs: string): string {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch (cause) {
    const offset = firstInvalidUtf8Offset(bytes);
    throw new ImdbDataError(
      'IMDB_NOT_UTF8',
      shownAs,
      `not valid UTF-8 (first bad byte at offset ${offset}: 0x${bytes[offset]?.toString(16).padStart(2, '0')})`,
      { cause },
    );
  }
  if (text.trim() === '') {
    throw new ImdbDataError(
      'IMDB_EMPTY_REVIEW',
      shownAs,
      bytes.length === 0 ? 'empty review (0 bytes)' : 'empty review (whitespace only)',
    );
  }
  return text;
}

/**
 * Where decoding first fails, for the error message. Only runs on the error
 * path. A prefix that ends mid-character is not an error in streaming mode, so
 * "the prefix of length n fails" is monotone in n and can be bisected.
 */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  const fails = (length: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  if (!fails(bytes.length)) {
    // Only the end is wrong: a final character cut short; point at its first byte.
    let start = bytes.length - 1;
    while (start > 0 && bytes.length - start < 4 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start--;
    return start;
  }
  let low = 0;
  let high = bytes.length;
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    if (fails(mid)) high = mid;
    else low = mid;
  }
  // `failing` is the byte that made decoding fail; if it interrupts a
  // multi-byte character, the character's lead byte is the one to show.
  const failing = high - 1;
  let lead = failing - 1;
  while (lead >= 0 && failing - lead < 4 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead--;
  const leadByte = bytes[lead] ?? 0;
  const length = leadByte >= 0xf0 ? 4 : leadByte >= 0xe0 ? 3 : leadByte >= 0xc0 ? 2 : 1;
  return lead >= 0 && length > failing - lead ? lead : failing;
}

export interface ImdbSplits {
  train: Review[];
  test: Review[];
}

/**
 * Gathers reviews in whatever order a source yields them and hands them back
 * in one deterministic order (split, then label, then id), after checking that
 * each requested split is present and complete.
 */
export class ReviewCollector {
  private readonly groups = new Map<string, Review[]>();
  private readonly seen = new Set<string>();

  /** `source` is the archive or folder, for errors about the dataset as a whole. */
  constructor(private readonly source: string) {}

  get count(): number {
    return this.seen.size;
  }

  add(location: ReviewLocation, text: string, shownAs: string): void {
    const key = `${location.split}/${location.label}/${location.id}`;
    if (this.seen.has(key)) {
      throw new ImdbDataError(
        'IMDB_BAD_ENTRY',
        shownAs,
        `a second review with id ${location.id} in ${location.split}/${location.label === 1 ? 'pos' : 'neg'}`,
      );
    }
    this.seen.add(key);
    const group = groupKey(location.split, location.label);
    let reviews = this.groups.get(group);
    if (reviews === undefined) this.groups.set(group, (reviews = []));
    const { id, rating, label, path } = location;
    reviews.push({ id, rating, label, text, path });
  }

  /**
   * The requested splits, each sorted by label (negative first) then id. With
   * `limit`, each split keeps `limit` reviews per label, spread evenly over the
   * id range: consecutive ids tend to be reviews of the same film, so the first
   * `limit` ids would be a few films rather than a sample.
   */
  finish(splits: readonly ImdbSplit[], limit?: number): ImdbSplits {
    const result: ImdbSplits = { train: [], test: [] };
    for (const split of splits) {
      const neg = this.groups.get(groupKey(split, 0)) ?? [];
      const pos = this.groups.get(groupKey(split, 1)) ?? [];
      this.checkCounts(split, neg.length, pos.length);
      result[split] = [...evenSubset(sortById(neg), limit), ...evenSubset(sortById(pos), limit)];
    }
    return result;
  }

  private checkCounts(split: ImdbSplit, neg: number, pos: number): void {
    if (neg === 0 && pos === 0) {
      throw new ImdbDataError(
        'IMDB_MISSING_SPLIT',
        this.source,
        `no ${split} split: nothing under aclImdb/${split}/pos/ or aclImdb/${split}/neg/`,
      );
    }
    // The dataset is balanced (12,500 of each label per split); an imbalance
    // means files went missing, e.g. an interrupted extraction.
    if (neg !== pos) {
      throw new ImdbDataError(
        'IMDB_WRONG_COUNT',
        this.source,
        `the ${split} split has ${pos} positive and ${neg} negative reviews; the dataset has equally many of each, so files are missing`,
      );
    }
  }
}

function groupKey(split: ImdbSplit, label: 0 | 1): string {
  return `${split}/${label}`;
}

function sortById(reviews: Review[]): Review[] {
  return reviews.sort((a, b) => a.id - b.id);
}

/** `limit` items at evenly spaced positions of `items` (all of them without a limit). */
export function evenSubset<T>(items: readonly T[], limit?: number): T[] {
  if (limit === undefined || limit >= items.length) return [...items];
  const picked: T[] = [];
  for (let i = 0; i < limit; i++) picked.push(items[Math.floor((i * items.length) / limit)] as T);
  return picked;
}

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
