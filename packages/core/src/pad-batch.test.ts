import { describe, expect, it } from 'vitest';
import { PAD_INDEX } from './model-spec.js';
import { lengthBuckets, padBatch, sortByLength } from './pad-batch.js';

const rows = [Int32Array.of(5, 6, 7), Int32Array.of(8), Int32Array.of(9, 10)];

describe('padBatch', () => {
  it('right-pads to the longest sequence, batch-major by default', () => {
    const { data, batch, time } = padBatch(rows);
    expect([batch, time]).toEqual([3, 3]);
    expect(Array.from(data)).toEqual([5, 6, 7, 8, PAD_INDEX, PAD_INDEX, 9, 10, PAD_INDEX]);
  });

  it('lays out [time, batch] when time-major', () => {
    const { data } = padBatch(rows, { layout: 'time-major', padIndex: 0 });
    expect(Array.from(data)).toEqual([5, 8, 9, 6, 0, 10, 7, 0, 0]);
  });

  it('gives an empty batch for no sequences', () => {
    const { data, batch, time } = padBatch([]);
    expect([data.length, batch, time]).toEqual([0, 0, 0]);
  });

  it('rejects an unknown layout naming the option', () => {
    expect(() => padBatch(rows, { layout: 'column' as 'time-major' })).toThrow('options.layout');
  });
});

describe('sortByLength and lengthBuckets', () => {
  it('orders indices by length, ties by index', () => {
    expect(Array.from(sortByLength([3, 1, 2, 1]))).toEqual([1, 3, 2, 0]);
  });

  it('groups neighbours in length order into batches of at most batchSize', () => {
    const buckets = lengthBuckets([3, 1, 2, 1, 9], 2).map((b) => Array.from(b));
    expect(buckets).toEqual([[1, 3], [2, 0], [4]]);
  });

  it('rejects a batchSize below 1', () => {
    expect(() => lengthBuckets([1], 0)).toThrow('batchSize: expected a positive integer, got 0');
  });
});
