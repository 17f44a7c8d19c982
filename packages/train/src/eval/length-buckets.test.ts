import { describe, expect, it } from 'vitest';
import { accuracyByLength, bucketLabel, DEFAULT_LENGTH_BUCKETS } from './length-buckets.js';

describe('accuracyByLength', () => {
  it('puts each review in the bucket whose half-open range holds its length', () => {
    const lengths = Int32Array.from([0, 99, 100, 199, 250, 400, 799, 800, 5000]);
    const correct = [true, false, true, true, false, true, true, false, true];
    const buckets = accuracyByLength(correct, lengths);
    expect(buckets.map((b) => [b.minTokens, b.maxTokens, b.count, b.correct])).toEqual([
      [0, 100, 2, 1],
      [100, 200, 2, 2],
      [200, 400, 1, 0],
      [400, 800, 2, 2],
      [800, null, 2, 1],
    ]);
    expect(buckets.map((b) => b.accuracy)).toEqual([0.5, 1, 0, 1, 0.5]);
  });

  it('reports an empty bucket with count 0 and accuracy null', () => {
    const buckets = accuracyByLength([true], Int32Array.from([10]), [0, 5, 50]);
    expect(buckets[0]).toMatchObject({ count: 0, accuracy: null });
    expect(buckets[1]).toMatchObject({ count: 1, correct: 1, accuracy: 1 });
    expect(buckets[2]).toMatchObject({ maxTokens: null, count: 0, accuracy: null });
  });

  it('rejects bucket edges that do not start at 0 or do not increase', () => {
    expect(() => accuracyByLength([true], Int32Array.from([1]), [10, 20])).toThrow(/start at 0/);
    expect(() => accuracyByLength([true], Int32Array.from([1]), [0, 20, 20])).toThrow(
      /strictly increasing/,
    );
  });

  it('rejects lengths whose count differs from the scores or that are negative', () => {
    expect(() => accuracyByLength([true, false], Int32Array.from([1]))).toThrow(
      /lengths has 1 entries but there are 2 scores/,
    );
    expect(() => accuracyByLength([true], Int32Array.from([-3]))).toThrow(/lengths\[0\] is -3/);
  });

  it('labels buckets as half-open token ranges', () => {
    expect(bucketLabel({ minTokens: 100, maxTokens: 200 })).toBe('[100, 200)');
    expect(bucketLabel({ minTokens: 800, maxTokens: null })).toBe('[800, ∞)');
    expect(DEFAULT_LENGTH_BUCKETS).toEqual([0, 100, 200, 400, 800]);
  });
});
