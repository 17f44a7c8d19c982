import { ArgumentError } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { DataFileError } from '../errors';
import type { LabelledText } from './labelled-file';
import { chooseClassOne, splitOwnData } from './labelled-splits';

/** `counts[label]` examples of each label, interleaved, with distinct texts. */
function examples(counts: Record<string, number>): LabelledText[] {
  const out: LabelledText[] = [];
  for (const [label, count] of Object.entries(counts)) {
    for (let i = 0; i < count; i++) out.push({ text: `${label} example ${i}`, label });
  }
  return out;
}

function errorOf(run: () => unknown): DataFileError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DataFileError);
    return error as DataFileError;
  }
  throw new Error('expected a DataFileError');
}

describe('splitOwnData', () => {
  it('holds out a stratified, seeded 10% test split and names the classes', () => {
    const train = examples({ spam: 60, ham: 140 });
    const split = splitOwnData({ train, trainSource: 'mail.csv' });
    expect(split.labels).toEqual(['ham', 'spam']);
    expect(split.train).toHaveLength(180);
    expect(split.test).toHaveLength(20);
    // Stratified: the test split keeps the 30/70 balance exactly.
    expect(split.test.filter((e) => e.label === 1)).toHaveLength(6);
    expect(split.test.filter((e) => e.label === 1).every((e) => e.text.startsWith('spam'))).toBe(
      true,
    );
    // Every example lands in exactly one split.
    const texts = [...split.train, ...split.test].map((e) => e.text).sort();
    expect(texts).toEqual(train.map((e) => e.text).sort());
    // Seeded: the same split every time; another seed, another split.
    expect(splitOwnData({ train }).test).toEqual(split.test);
    expect(splitOwnData({ train, splitSeed: 7 }).test).not.toEqual(split.test);
    expect(split.warnings).toEqual([]);
  });

  it('uses the given test examples as they are', () => {
    const split = splitOwnData({
      train: examples({ a: 50, b: 50 }),
      test: [
        { text: 'x', label: 'b' },
        { text: 'y', label: 'a' },
      ],
    });
    expect(split.train).toHaveLength(100);
    expect(split.test).toEqual([
      { text: 'x', label: 1 },
      { text: 'y', label: 0 },
    ]);
  });

  it('refuses a single class, naming it', () => {
    const e = errorOf(() => splitOwnData({ train: examples({ spam: 150 }), trainSource: 'x.csv' }));
    expect(e.code).toBe('DATA_LABELS');
    expect(e.message).toBe(
      'x.csv: every example has the label "spam": a model needs examples of two classes to learn to tell them apart',
    );
  });

  it('refuses fewer than 100 examples, and fewer than 10 of a class', () => {
    const few = errorOf(() => splitOwnData({ train: examples({ a: 50, b: 49 }) }));
    expect(few.code).toBe('DATA_TOO_FEW');
    expect(few.message).toMatch(/^train: 99 examples; training needs at least 100/);
    const rare = errorOf(() => splitOwnData({ train: examples({ a: 191, b: 9 }) }));
    expect(rare.message).toMatch(
      /only 9 examples labelled "b" of 200; each class needs at least 10/,
    );
  });

  it('warns at a 95/5 imbalance, saying what always answering the majority scores', () => {
    const at = splitOwnData({ train: examples({ ham: 190, spam: 10 }), trainSource: 'm.jsonl' });
    expect(at.warnings).toEqual([
      'm.jsonl: only 10 of 200 examples (5.0%) are "spam": a model that always answers "ham" is 95.0% accurate, so compare accuracy with that, or balance the data',
    ]);
    expect(splitOwnData({ train: examples({ ham: 189, spam: 11 }) }).warnings).toEqual([]);
  });

  it('refuses a third label and a test label training never saw, naming the example', () => {
    const third = errorOf(() =>
      splitOwnData({ train: [...examples({ a: 60, b: 60 }), { text: 't', label: 'c' }] }),
    );
    expect(third.message).toMatch(/^train: example 120: a third label value "c" after "a" and "b"/);
    const test = errorOf(() =>
      splitOwnData({ train: examples({ a: 60, b: 60 }), test: [{ text: 't', label: 'A' }] }),
    );
    expect(test.message).toBe(
      'test: example 0: label "A" is not one of the training labels "a" and "b"',
    );
  });

  it('refuses examples without a text or a string label, and label values no model could name', () => {
    const bad = [...examples({ a: 60, b: 60 }), { text: '  ', label: 'a' }];
    expect(errorOf(() => splitOwnData({ train: bad })).message).toMatch(
      /example 120: expected a non-empty string `text`/,
    );
    const numeric = [...examples({ a: 60 }), { text: 'x', label: 1 as unknown as string }];
    expect(errorOf(() => splitOwnData({ train: numeric })).code).toBe('DATA_BAD_ROW');
    const long = examples({ a: 60, [`b${'x'.repeat(100)}`]: 60 });
    expect(errorOf(() => splitOwnData({ train: long })).message).toMatch(
      /cannot name a model's classes: labels\[1\]: expected at most 100 characters/,
    );
  });
});

describe("chooseClassOne (which label is class 1, the score's class)", () => {
  it('takes --positive-label when given, refusing a value that is not a label', () => {
    expect(chooseClassOne(['spam', 'ham'], 'ham').labels).toEqual(['spam', 'ham']);
    expect(() => chooseClassOne(['spam', 'ham'], 'eggs')).toThrow(ArgumentError);
    expect(() => chooseClassOne(['spam', 'ham'], 'eggs')).toThrow(
      '"eggs" (--positive-label) is not one of the labels "spam" and "ham"',
    );
  });

  it('else the one label that reads as positive: 1, true, yes, pos, positive in any case', () => {
    expect(chooseClassOne(['1', '0']).labels).toEqual(['0', '1']);
    expect(chooseClassOne(['Positive', 'negative']).labels).toEqual(['negative', 'Positive']);
    expect(chooseClassOne(['TRUE', 'FALSE']).labels).toEqual(['FALSE', 'TRUE']);
    expect(chooseClassOne(['pos', 'neg']).labels).toEqual(['neg', 'pos']);
    expect(chooseClassOne(['-1', '1']).labels).toEqual(['-1', '1']);
  });

  it('else the later label in code-point order, and says how to choose the other', () => {
    const { labels, reason } = chooseClassOne(['spam', 'ham']);
    expect(labels).toEqual(['ham', 'spam']);
    expect(reason).toContain('--positive-label "ham"');
    expect(chooseClassOne(['good', 'bad']).labels).toEqual(['bad', 'good']);
  });
});
