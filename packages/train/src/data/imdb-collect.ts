import { ImdbDataError } from '../errors';
import type { ImdbSplit, Review, ReviewLocation } from './imdb-review';

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
