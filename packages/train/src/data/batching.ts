import { ArgumentError, PAD_INDEX, padBatch } from '@imdb-rnn/core';
import type { Rng } from './rng';

/** Encoded examples, as core's `encode` returns them plus labels. */
export interface EncodedExamples {
  /** Token ids of each example (exact length, no padding). */
  ids: readonly Int32Array[];
  /** `lengths[i] === ids[i].length`; never 0 (core encodes an empty text as [<unk>]). */
  lengths: Int32Array;
  /** 0 (negative) or 1 (positive) per example. */
  labels: Uint8Array | Float32Array;
}

/** One padded mini-batch, laid out as the fused recurrent ops read it. */
export interface Batch {
  /** Time-major token ids `[time, batch]`: `tokens[t * batchSize + b]`, padded with `padIndex`. */
  tokens: Int32Array;
  /** Longest length in the batch: the time dimension of `tokens`. */
  time: number;
  batchSize: number;
  /** Exact length of each column, longest first. */
  lengths: Int32Array;
  labels: Float32Array;
  /** Position of each column in the input examples. */
  indices: Int32Array;
}

export interface BatchingOptions {
  /** Examples per batch (the reference uses 64). The last batch may be smaller. */
  batchSize?: number;
  /** Batches per sorting pool (torchtext's BucketIterator uses 100). */
  poolBatches?: number;
  /** Id written after the end of shorter sequences (core's PAD_INDEX). */
  padIndex?: number;
}

const DEFAULTS = { batchSize: 64, poolBatches: 100, padIndex: PAD_INDEX } as const;

/**
 * The order of one training epoch, as torchtext's BucketIterator(train=True,
 * sort_within_batch=True) produces it: shuffle all examples; cut them into
 * pools of `batchSize * poolBatches`; sort each pool by length (stable) and cut
 * it into batches; shuffle the batches within the pool. Batches therefore hold
 * similar lengths (little padding) while their order stays random. Within a
 * batch, examples run longest first, as PyTorch's pack_padded_sequence wants.
 */
export function planTrainingEpoch(
  lengths: Int32Array,
  rng: Rng,
  options: BatchingOptions = {},
): Int32Array[] {
  const { batchSize, poolBatches } = resolve(options);
  const order = rng.shuffle(Int32Array.from({ length: lengths.length }, (_, i) => i));
  const poolSize = batchSize * poolBatches;
  const batches: Int32Array[] = [];
  for (let start = 0; start < order.length; start += poolSize) {
    const pool = sortByLength(order.subarray(start, start + poolSize), lengths);
    const poolBatchList = chunk(pool, batchSize);
    rng.shuffle(poolBatchList);
    for (const batch of poolBatchList) batches.push(longestFirst(batch, lengths));
  }
  return batches;
}

/**
 * The order for evaluation (torchtext's BucketIterator(train=False)): all
 * examples sorted by length, no shuffling, so padding is minimal and the order
 * is the same every time.
 */
export function planEvaluation(lengths: Int32Array, options: BatchingOptions = {}): Int32Array[] {
  const { batchSize } = resolve(options);
  const all = Int32Array.from({ length: lengths.length }, (_, i) => i);
  return chunk(sortByLength(all, lengths), batchSize).map((b) => longestFirst(b, lengths));
}

/** Pads the examples at `indices` into one time-major batch (with core's padBatch). */
export function makeBatch(
  examples: EncodedExamples,
  indices: Int32Array,
  options: BatchingOptions = {},
): Batch {
  const { padIndex } = resolve(options);
  const batchSize = indices.length;
  const lengths = new Int32Array(batchSize);
  const labels = new Float32Array(batchSize);
  const rows: Int32Array[] = [];
  for (let b = 0; b < batchSize; b++) {
    const i = indices[b]!;
    const ids = examples.ids[i];
    if (ids === undefined) {
      throw new ArgumentError(
        'indices',
        `index ${i} is outside the ${examples.ids.length} examples`,
      );
    }
    const length = examples.lengths[i]!;
    if (length !== ids.length || length < 1) {
      throw new ArgumentError(
        `examples.lengths[${i}]`,
        `is ${length} but example ${i} has ${ids.length} ids (must match and be >= 1)`,
      );
    }
    rows.push(ids);
    lengths[b] = length;
    labels[b] = examples.labels[i]!;
  }
  const { data: tokens, time } = padBatch(rows, { padIndex, layout: 'time-major' });
  return { tokens, time, batchSize, lengths, labels, indices: Int32Array.from(indices) };
}

/** One training epoch's padded batches, built lazily in planned order. */
export function* trainingBatches(
  examples: EncodedExamples,
  rng: Rng,
  options: BatchingOptions = {},
): Generator<Batch> {
  for (const indices of planTrainingEpoch(examples.lengths, rng, options)) {
    yield makeBatch(examples, indices, options);
  }
}

/** Evaluation batches (sorted by length, unshuffled), built lazily. */
export function* evaluationBatches(
  examples: EncodedExamples,
  options: BatchingOptions = {},
): Generator<Batch> {
  for (const indices of planEvaluation(examples.lengths, options)) {
    yield makeBatch(examples, indices, options);
  }
}

function resolve(options: BatchingOptions): Required<BatchingOptions> {
  const resolved = {
    batchSize: options.batchSize ?? DEFAULTS.batchSize,
    poolBatches: options.poolBatches ?? DEFAULTS.poolBatches,
    padIndex: options.padIndex ?? DEFAULTS.padIndex,
  };
  for (const key of ['batchSize', 'poolBatches'] as const) {
    if (!(Number.isInteger(resolved[key]) && resolved[key] >= 1)) {
      throw new ArgumentError(`options.${key}`, `expected an integer >= 1, got ${resolved[key]}`);
    }
  }
  if (!Number.isInteger(resolved.padIndex)) {
    throw new ArgumentError('options.padIndex', `expected an integer, got ${resolved.padIndex}`);
  }
  return resolved;
}

// Ascending by length; ties keep their (shuffled) order, as Python's sorted() does.
function sortByLength(indices: Int32Array, lengths: Int32Array): Int32Array {
  return Int32Array.from(Array.from(indices).sort((a, b) => lengths[a]! - lengths[b]!));
}

function longestFirst(batch: Int32Array, lengths: Int32Array): Int32Array {
  // torchtext sorts each batch descending (stable) when sort_within_batch is set.
  return Int32Array.from(Array.from(batch).sort((a, b) => lengths[b]! - lengths[a]!));
}

function chunk(items: Int32Array, size: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let start = 0; start < items.length; start += size) {
    out.push(items.slice(start, start + size));
  }
  return out;
}
