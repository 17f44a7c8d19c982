import { describe, expect, it } from 'vitest';
import {
  type EncodedExamples,
  evaluationBatches,
  makeBatch,
  planEvaluation,
  planTrainingEpoch,
  trainingBatches,
} from './batching';
import { Rng } from './rng';

/** `n` examples with lengths spread over 1..maxLength; ids encode (example, position). */
function examples(n: number, maxLength = 300, seed = 9): EncodedExamples {
  const rng = new Rng(seed);
  const lengths = Int32Array.from({ length: n }, () => 1 + rng.int(maxLength));
  const ids = Array.from(lengths, (len, i) =>
    Int32Array.from({ length: len }, (_, t) => 2 + ((i * 7 + t) % 1000)),
  );
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 2);
  return { ids, lengths, labels };
}

function sortedIndices(batches: Int32Array[]): number[] {
  return batches.flatMap((b) => Array.from(b)).sort((a, b) => a - b);
}

describe('planTrainingEpoch (torchtext BucketIterator order)', () => {
  const data = examples(20_000);

  it('uses every example exactly once, in batches of 64 (the last may be smaller)', () => {
    const batches = planTrainingEpoch(data.lengths, new Rng(1));
    expect(sortedIndices(batches)).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
    expect(batches.length).toBe(Math.ceil(20_000 / 64));
    expect(batches.filter((b) => b.length !== 64).length).toBeLessThanOrEqual(1);
  });

  it('keeps lengths homogeneous: each pool of 100 batches is length-sorted before batching', () => {
    const batches = planTrainingEpoch(data.lengths, new Rng(1));
    const poolSize = 64 * 100;
    for (let p = 0; p * 100 < batches.length; p++) {
      const pool = batches.slice(p * 100, (p + 1) * 100);
      // Within a pool, batches cover disjoint length ranges: sorting them by
      // their shortest element must put each max <= the next batch's min.
      const ranges = pool
        .map((b) => Array.from(b, (i) => data.lengths[i]!))
        .map((ls) => [Math.min(...ls), Math.max(...ls)] as const)
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (let k = 1; k < ranges.length; k++) {
        expect(ranges[k - 1]![1]).toBeLessThanOrEqual(ranges[k]![0]);
      }
      expect(pool.reduce((n, b) => n + b.length, 0)).toBeLessThanOrEqual(poolSize);
    }
    // Lengths span 1..300, so a 64-example batch from a sorted pool of 6,400
    // spans only a few lengths; a random batch would span most of the range.
    const spans = batches.map((b) => {
      const ls = Array.from(b, (i) => data.lengths[i]!);
      return Math.max(...ls) - Math.min(...ls);
    });
    expect(spans.reduce((a, b) => a + b, 0) / spans.length).toBeLessThan(10);
  });

  it('orders each batch longest first', () => {
    for (const batch of planTrainingEpoch(data.lengths, new Rng(2))) {
      const ls = Array.from(batch, (i) => data.lengths[i]!);
      expect(ls).toEqual([...ls].sort((a, b) => b - a));
    }
  });

  it('is reproducible: same seed, same batches; different seed, different order', () => {
    const a = planTrainingEpoch(data.lengths, new Rng(5)).map((b) => Array.from(b));
    const b = planTrainingEpoch(data.lengths, new Rng(5)).map((b) => Array.from(b));
    const c = planTrainingEpoch(data.lengths, new Rng(6)).map((b) => Array.from(b));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(c[0]).not.toEqual(a[0]);
  });

  it('shuffles batch order within a pool: consecutive batches are not in length order', () => {
    const batches = planTrainingEpoch(data.lengths, new Rng(3));
    const firstPoolMins = batches.slice(0, 100).map((b) => data.lengths[b[b.length - 1]!]!);
    expect(firstPoolMins).not.toEqual([...firstPoolMins].sort((x, y) => x - y));
  });
});

describe('planEvaluation', () => {
  it('sorts all examples by length without shuffling, the same every time', () => {
    const data = examples(1000);
    const batches = planEvaluation(data.lengths, { batchSize: 100 });
    expect(sortedIndices(batches)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const maxima = batches.map((b) => data.lengths[b[0]!]!);
    expect(maxima).toEqual([...maxima].sort((x, y) => x - y));
    expect(planEvaluation(data.lengths, { batchSize: 100 })).toEqual(batches);
  });
});

describe('makeBatch', () => {
  const data: EncodedExamples = {
    ids: [Int32Array.of(5, 6), Int32Array.of(7, 8, 9, 10), Int32Array.of(11)],
    lengths: Int32Array.of(2, 4, 1),
    labels: Uint8Array.of(1, 0, 1),
  };

  it('lays tokens out time-major [time, batch], padding short columns with the pad index', () => {
    const batch = makeBatch(data, Int32Array.of(1, 0, 2));
    expect(batch.time).toBe(4);
    expect(batch.batchSize).toBe(3);
    // rows are time steps, columns are examples 1, 0, 2
    expect(Array.from(batch.tokens)).toEqual([7, 5, 11, 8, 6, 1, 9, 1, 1, 10, 1, 1]);
    expect(Array.from(batch.lengths)).toEqual([4, 2, 1]);
    expect(Array.from(batch.labels)).toEqual([0, 1, 1]);
    expect(Array.from(batch.indices)).toEqual([1, 0, 2]);
  });

  it('pads with a custom pad index and sizes time to the longest member only', () => {
    const batch = makeBatch(data, Int32Array.of(0, 2), { padIndex: 0 });
    expect(batch.time).toBe(2);
    expect(Array.from(batch.tokens)).toEqual([5, 11, 6, 0]);
  });

  it('rejects lengths that disagree with the ids, naming the example', () => {
    const bad = { ...data, lengths: Int32Array.of(2, 3, 1) };
    expect(() => makeBatch(bad, Int32Array.of(1))).toThrowError(
      'examples.lengths[1]: is 3 but example 1 has 4 ids',
    );
    expect(() => makeBatch(data, Int32Array.of(3))).toThrowError(
      'indices: index 3 is outside the 3 examples',
    );
  });
});

describe('trainingBatches / evaluationBatches', () => {
  it('yield padded batches in planned order, covering every label once', () => {
    const data = examples(500, 50);
    let count = 0;
    let positives = 0;
    for (const batch of trainingBatches(data, new Rng(4), { batchSize: 32, poolBatches: 4 })) {
      count += batch.batchSize;
      positives += batch.labels.reduce((a, b) => a + b, 0);
      for (let b = 0; b < batch.batchSize; b++) {
        const ids = data.ids[batch.indices[b]!]!;
        expect(batch.tokens[(ids.length - 1) * batch.batchSize + b]).toBe(ids[ids.length - 1]);
      }
    }
    expect(count).toBe(500);
    expect(positives).toBe(250);
    const evalCount = [...evaluationBatches(data, { batchSize: 32 })].reduce(
      (n, b) => n + b.batchSize,
      0,
    );
    expect(evalCount).toBe(500);
  });
});
