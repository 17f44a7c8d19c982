import { ArgumentError } from '@imdb-rnn/core';
import { Rng } from './rng';

export interface SplitOptions {
  /** Examples held out for validation (model selection); 2,500 of IMDB's 25,000 by default. */
  validationSize?: number;
  /** Seed of the shuffle that picks the held-out examples. */
  seed?: number;
  /** Keep the label balance of the whole set in both parts (default true). */
  stratified?: boolean;
  /**
   * Hold out runs of this many consecutive examples (within a label when
   * stratified) instead of single ones; default 1. IMDB files a movie's reviews
   * under consecutive ids, and its test movies are disjoint from its training
   * movies, so a hold-out of single reviews shares movies with training and
   * rewards memorised titles and names: NBSVM scores 92.08-93.60% on three such
   * hold-outs but 89.04-89.80% on three of 125-review runs, against 91.75% on
   * test (bench/results/baseline.md).
   */
  blockSize?: number;
}

export interface Split {
  /** Indices of the examples kept for training, ascending. */
  train: Int32Array;
  /** Indices of the held-out examples, ascending. */
  validation: Int32Array;
}

/**
 * A deterministic train/validation split: the same labels and options always
 * give the same indices. Stratified by default, so with IMDB's 50/50 training
 * set the validation part is exactly 1,250 positive and 1,250 negative reviews
 * (the reference's torchtext `split()` is random, not stratified; stratifying
 * only removes split-to-split variance in the validation accuracy).
 *
 * With `blockSize` b, each label's examples (in the order given: IMDB's are
 * sorted by id) are cut into runs of b, the runs are shuffled, and whole runs
 * are held out in that order; only the last one taken may be cut short, so the
 * size is still exact. A blockSize of 1 is the plain split, index for index.
 */
export function splitTrainValidation(labels: ArrayLike<number>, options: SplitOptions = {}): Split {
  const n = labels.length;
  const validationSize = options.validationSize ?? 2500;
  const seed = options.seed ?? 1234;
  const blockSize = options.blockSize ?? 1;
  if (!(Number.isInteger(blockSize) && blockSize >= 1)) {
    throw new ArgumentError('options.blockSize', `expected an integer >= 1, got ${blockSize}`);
  }
  if (!(Number.isInteger(validationSize) && validationSize >= 0 && validationSize < n)) {
    throw new ArgumentError(
      'options.validationSize',
      `expected an integer in [0, ${n}) for ${n} examples, got ${validationSize}`,
    );
  }
  const rng = new Rng(seed);
  const held = new Uint8Array(n);
  if (options.stratified ?? true) {
    const byLabel = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const label = labels[i]!;
      const group = byLabel.get(label);
      if (group === undefined) byLabel.set(label, [i]);
      else group.push(i);
    }
    // Largest-remainder allocation, so the per-label counts add up to exactly validationSize.
    const groups = [...byLabel.entries()].sort((a, b) => a[0] - b[0]);
    const quotas = groups.map(([, g]) => (g.length * validationSize) / n);
    const counts = quotas.map(Math.floor);
    let missing = validationSize - counts.reduce((a, b) => a + b, 0);
    const byRemainder = quotas
      .map((q, k) => [q - Math.floor(q), k] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, k] of byRemainder) {
      if (missing === 0) break;
      counts[k]! += 1;
      missing -= 1;
    }
    groups.forEach(([, group], k) => {
      holdBlocks(group, counts[k]!, blockSize, rng, held);
    });
  } else {
    holdBlocks(
      Array.from({ length: n }, (_, i) => i),
      validationSize,
      blockSize,
      rng,
      held,
    );
  }
  const train = new Int32Array(n - validationSize);
  const validation = new Int32Array(validationSize);
  let t = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    if (held[i] === 1) validation[v++] = i;
    else train[t++] = i;
  }
  return { train, validation };
}

/**
 * Marks `count` of `group`'s indices in `held`: the group cut into runs of
 * `blockSize`, the runs taken in shuffled order. Fisher-Yates permutes by
 * position only, so with runs of 1 this picks exactly what shuffling the
 * indices themselves did before blocks existed.
 */
function holdBlocks(
  group: readonly number[],
  count: number,
  blockSize: number,
  rng: Rng,
  held: Uint8Array,
): void {
  const blocks = rng.shuffle(
    Int32Array.from({ length: Math.ceil(group.length / blockSize) }, (_, b) => b),
  );
  let left = count;
  for (const b of blocks) {
    if (left === 0) break;
    const start = b * blockSize;
    const end = Math.min(start + blockSize, group.length, start + left);
    for (let j = start; j < end; j++) held[group[j]!] = 1;
    left -= end - start;
  }
}

/** The examples at `indices`, for passing one side of a split to batching. */
export function selectExamples<
  T extends { ids: readonly Int32Array[]; lengths: Int32Array; labels: Uint8Array | Float32Array },
>(
  examples: T,
  indices: Int32Array,
): { ids: Int32Array[]; lengths: Int32Array; labels: T['labels'] } {
  const ids = Array.from(indices, (i) => {
    const row = examples.ids[i];
    if (row === undefined) {
      throw new RangeError(
        `selectExamples: index ${i} is outside the ${examples.ids.length} examples`,
      );
    }
    return row;
  });
  const lengths = Int32Array.from(indices, (i) => examples.lengths[i]!);
  const labels =
    examples.labels instanceof Uint8Array
      ? Uint8Array.from(indices, (i) => examples.labels[i]!)
      : Float32Array.from(indices, (i) => examples.labels[i]!);
  return { ids, lengths, labels: labels as T['labels'] };
}
