import { describeValue } from './describe-value.js';
import { ArgumentError } from './errors.js';
import { PAD_INDEX } from './model-spec.js';
import { positiveInteger } from './positive-integer.js';

/**
 * `batch-major` is [batch, time] (row i is sequence i), what tfjs and ONNX batch-first
 * models take; `time-major` is [time, batch], PyTorch's RNN default.
 */
export type BatchLayout = 'batch-major' | 'time-major';

export interface PadBatchOptions {
  /** Id written into positions past a sequence's end; default PAD_INDEX. */
  padIndex?: number;
  /** Default `batch-major`. */
  layout?: BatchLayout;
}

export interface PaddedBatch {
  /** Flat ids, batch * time long, in the requested layout. */
  data: Int32Array;
  batch: number;
  /** The longest sequence's length; shorter ones are right-padded. */
  time: number;
}

/** Right-pads sequences to the longest one into one flat Int32Array. */
export function padBatch(ids: readonly Int32Array[], options: PadBatchOptions = {}): PaddedBatch {
  const padIndex = options.padIndex ?? PAD_INDEX;
  const layout = options.layout ?? 'batch-major';
  if (!Number.isSafeInteger(padIndex)) {
    throw new ArgumentError(
      'options.padIndex',
      `expected an integer, got ${describeValue(padIndex)}`,
    );
  }
  if (layout !== 'batch-major' && layout !== 'time-major') {
    throw new ArgumentError(
      'options.layout',
      `expected "batch-major" or "time-major", got ${describeValue(layout)}`,
    );
  }
  const batch = ids.length;
  let time = 0;
  for (const row of ids) time = Math.max(time, row.length);
  const data = new Int32Array(batch * time).fill(padIndex);
  for (let b = 0; b < batch; b++) {
    const row = ids[b]!;
    if (layout === 'batch-major') {
      data.set(row, b * time);
    } else {
      for (let t = 0; t < row.length; t++) data[t * batch + b] = row[t]!;
    }
  }
  return { data, batch, time };
}

/**
 * Indices of `lengths` ordered by length (ascending, ties by index so the order is
 * deterministic). Batching neighbours in this order keeps padding small.
 */
export function sortByLength(lengths: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: lengths.length }, (_, i) => i);
  order.sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  return order;
}

/**
 * Splits indices into batches of at most `batchSize` texts of similar length
 * (consecutive runs of sortByLength). Use to batch inference; callers put results
 * back with the returned indices.
 */
export function lengthBuckets(lengths: ArrayLike<number>, batchSize: number): Int32Array[] {
  positiveInteger(batchSize, 'batchSize');
  const order = sortByLength(lengths);
  const buckets: Int32Array[] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    buckets.push(order.subarray(start, start + batchSize));
  }
  return buckets;
}
