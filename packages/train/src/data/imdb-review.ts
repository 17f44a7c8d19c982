import { ImdbDataError } from '../errors';

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
