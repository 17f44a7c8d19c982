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

  it('picks the same reviews as before blocks existed with blocks of 1 (the committed trials used these)', () => {
    const plain = splitTrainValidation(imdbLabels);
    const ones = splitTrainValidation(imdbLabels, { blockSize: 1 });
    expect(Array.from(ones.validation)).toEqual(Array.from(plain.validation));
    // The first held-out reviews of the default split (stratified, seed 1234), as
    // splitTrainValidation drew them before blockSize was added.
    expect(Array.from(plain.validation.subarray(0, 6))).toEqual([6, 8, 11, 17, 27, 36]);
  });

  it('holds out whole runs of consecutive examples per label with blockSize', () => {
    const { train, validation } = splitTrainValidation(imdbLabels, { blockSize: 125, seed: 7 });
    expect(validation.length).toBe(2500);
    expect(train.length).toBe(22_500);
    expect(Array.from(validation).filter((i) => imdbLabels[i] === 1).length).toBe(1250);
    // Each label's 12,500 examples form 100 runs of 125; 1,250 = 10 whole runs each.
    const runs = new Map<number, number>();
    for (const i of validation)
      runs.set(Math.floor(i / 125), (runs.get(Math.floor(i / 125)) ?? 0) + 1);
    expect(runs.size).toBe(20);
    expect([...runs.values()].every((count) => count === 125)).toBe(true);
    expect(
      Array.from(splitTrainValidation(imdbLabels, { blockSize: 125, seed: 7 }).validation),
    ).toEqual(Array.from(validation));
  });

  it('cuts only the last run it takes short, so the size stays exact', () => {
    // 10 examples of one label in runs of 4 (4, 4, 2); 5 held out.
    const labels = new Uint8Array(10);
    for (const seed of [1, 2, 3, 4, 5]) {
      const { validation } = splitTrainValidation(labels, {
        validationSize: 5,
        blockSize: 4,
        seed,
      });
      expect(validation.length).toBe(5);
      const runs = new Map<number, number[]>();
      for (const i of validation)
        runs.set(Math.floor(i / 4), [...(runs.get(Math.floor(i / 4)) ?? []), i]);
      // Whole runs, plus at most one partial run that starts at its run's first example.
      const partial = [...runs.entries()].filter(
        ([r, held]) => held.length < Math.min(4, 10 - 4 * r),
      );
      expect(partial.length).toBeLessThanOrEqual(1);
      for (const [r, held] of partial) expect(held[0]).toBe(4 * r);
    }
  });

  it('holds out runs without stratification too', () => {
    const { validation } = splitTrainValidation(imdbLabels, {
      stratified: false,
      validationSize: 500,
      blockSize: 250,
    });
    expect(validation.length).toBe(500);
    const runs = new Set(Array.from(validation, (i) => Math.floor(i / 250)));
    expect(runs.size).toBe(2);
  });

  it('rejects a block size that is not a positive integer', () => {
    for (const blockSize of [0, -1, 2.5, Number.NaN]) {
      expect(() => splitTrainValidation(imdbLabels, { blockSize })).toThrowError(
        `options.blockSize: expected an integer >= 1, got ${blockSize}`,
      );
    }
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
