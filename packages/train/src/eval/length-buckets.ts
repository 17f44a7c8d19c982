import { MetricsError } from '../errors';

/**
 * Lower edges of the default review-length buckets, in tokens: [0,100),
 * [100,200), [200,400), [400,800), [800,∞). IMDB reviews have a median of about
 * 170 tokens and a long tail, so doubling widths keep every bucket populated.
 */
export const DEFAULT_LENGTH_BUCKETS: readonly number[] = [0, 100, 200, 400, 800];

/** Accuracy over the reviews whose token count lies in [minTokens, maxTokens). */
export interface LengthBucketAccuracy {
  /** inclusive lower edge, tokens */
  minTokens: number;
  /** exclusive upper edge, tokens; null for the open last bucket */
  maxTokens: number | null;
  /** number of reviews in the bucket */
  count: number;
  /** number of those classified correctly */
  correct: number;
  /** correct / count; null when the bucket is empty */
  accuracy: number | null;
}

/**
 * Splits reviews by length and reports accuracy per bucket, so a reader can see
 * whether a model fails on long reviews (vanishing gradients in the simple RNN)
 * or short ones. `edges` are the buckets' lower edges; they must start at 0 and
 * increase strictly, so every review falls in exactly one bucket.
 */
export function accuracyByLength(
  correct: ArrayLike<boolean>,
  lengths: Int32Array,
  edges: readonly number[] = DEFAULT_LENGTH_BUCKETS,
): LengthBucketAccuracy[] {
  checkEdges(edges);
  if (lengths.length !== correct.length) {
    throw new MetricsError(
      'LENGTH_MISMATCH',
      `lengths has ${lengths.length} entries but there are ${correct.length} scores`,
    );
  }
  const buckets: LengthBucketAccuracy[] = edges.map((minTokens, i) => ({
    minTokens,
    maxTokens: edges[i + 1] ?? null,
    count: 0,
    correct: 0,
    accuracy: null,
  }));
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i]!;
    if (length < 0) {
      throw new MetricsError('BAD_LENGTH', `lengths[${i}] is ${length}; lengths must be >= 0`);
    }
    const bucket = buckets[bucketIndex(edges, length)]!;
    bucket.count++;
    if (correct[i]) bucket.correct++;
  }
  for (const bucket of buckets) {
    bucket.accuracy = bucket.count === 0 ? null : bucket.correct / bucket.count;
  }
  return buckets;
}

/** Human-readable bucket name such as "[100, 200)" or "[800, ∞)". */
export function bucketLabel(bucket: Pick<LengthBucketAccuracy, 'minTokens' | 'maxTokens'>): string {
  return `[${bucket.minTokens}, ${bucket.maxTokens ?? '∞'})`;
}

function bucketIndex(edges: readonly number[], length: number): number {
  let index = 0;
  while (index + 1 < edges.length && length >= edges[index + 1]!) index++;
  return index;
}

function checkEdges(edges: readonly number[]): void {
  if (edges.length === 0 || edges[0] !== 0) {
    throw new MetricsError(
      'BAD_BUCKETS',
      `length buckets must start at 0 so every review has a bucket; got [${edges.join(', ')}]`,
    );
  }
  for (let i = 1; i < edges.length; i++) {
    if (!Number.isInteger(edges[i]) || edges[i]! <= edges[i - 1]!) {
      throw new MetricsError(
        'BAD_BUCKETS',
        `length buckets must be strictly increasing integers; got [${edges.join(', ')}]`,
      );
    }
  }
}
