import { describe, expect, it } from 'vitest';
import { selectExamples, splitTrainValidation } from './split';

// IMDB's training set: 12,500 negative then 12,500 positive reviews.
const imdbLabels = Uint8Array.from({ length: 25_000 }, (_, i) => (i < 12_500 ? 0 : 1));

describe('splitTrainValidation', () => {
  it('holds out 2,500 reviews by default, disjoint from train and covering all examples', () => {
    const { train, validation } = splitTrainValidation(imdbLabels);
    expect(validation.length).toBe(2500);
    expect(train.length).toBe(22_500);
    const all = new Set([...train, ...validation]);
    expect(all.size).toBe(25_000);
  });

  it('is stratified: the validation part keeps the 50/50 label balance exactly', () => {
    const { validation } = splitTrainValidation(imdbLabels);
    const positives = Array.from(validation).filter((i) => imdbLabels[i] === 1).length;
    expect(positives).toBe(1250);
  });

  it('stratifies uneven labels with counts that add up to validationSize', () => {
    const labels = Uint8Array.from({ length: 10 }, (_, i) => (i < 7 ? 0 : 1));
    const { validation } = splitTrainValidation(labels, { validationSize: 5 });
    expect(validation.length).toBe(5);
    // 3.5 + 1.5 rounded by largest remainder (tie -> lower label first): 4 + 1
    expect(Array.from(validation).filter((i) => labels[i] === 1).length).toBe(1);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = splitTrainValidation(imdbLabels, { seed: 1 });
    const b = splitTrainValidation(imdbLabels, { seed: 1 });
    const c = splitTrainValidation(imdbLabels, { seed: 2 });
    expect(Array.from(b.validation)).toEqual(Array.from(a.validation));
    expect(Array.from(c.validation)).not.toEqual(Array.from(a.validation));
  });

  it('can split without stratification', () => {
    const { train, validation } = splitTrainValidation(imdbLabels, {
      stratified: false,
      validationSize: 100,
    });
    expect(validation.length).toBe(100);
    expect(train.length).toBe(24_900);
    expect(Array.from(validation)).toEqual([...validation].sort((x, y) => x - y));
  });

  it('rejects a validation size that leaves nothing to train on', () => {
    expect(() => splitTrainValidation(Uint8Array.of(0, 1), { validationSize: 2 })).toThrowError(
      'options.validationSize: expected an integer in [0, 2) for 2 examples, got 2',
    );
  });
});

describe('selectExamples', () => {
  it('picks ids, lengths and labels at the given indices, keeping the label type', () => {
    const examples = {
      ids: [Int32Array.of(2), Int32Array.of(3, 4), Int32Array.of(5, 6, 7)],
      lengths: Int32Array.of(1, 2, 3),
      labels: Uint8Array.of(0, 1, 1),
    };
    const picked = selectExamples(examples, Int32Array.of(2, 0));
    expect(picked.ids).toEqual([Int32Array.of(5, 6, 7), Int32Array.of(2)]);
    expect(Array.from(picked.lengths)).toEqual([3, 1]);
    expect(picked.labels).toBeInstanceOf(Uint8Array);
    expect(Array.from(picked.labels)).toEqual([1, 0]);
  });
});
