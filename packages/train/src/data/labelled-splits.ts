import { ArgumentError, checkLabels, compareCodePoints } from '@imdb-rnn/core';
import { DataFileError } from '../errors';
import type { TextSplits } from '../training/dataset';
import type { LabelledText } from './labelled-file';
import { splitTrainValidation } from './split';

/** The user's own labelled texts, as `readLabelledFile` returns them or built in code. */
export interface OwnData {
  /** Training examples; without `test`, a stratified test split is held out of them. */
  train: readonly LabelledText[];
  /** Test examples, with the same two label values as `train`. */
  test?: readonly LabelledText[];
  /** The label value that becomes class 1 (what `score` is the probability of); default: CLASS_ONE_RULE. */
  positiveLabel?: string;
  /** How errors name `train` and `test` (their files); default `train` and `test`. */
  trainSource?: string;
  testSource?: string;
  /** Share of `train` held out as the test split when `test` is not given. Default 0.1. */
  testFraction?: number;
  /** Seed of that split (kept apart from the model seed so every run shares it). Default 1234. */
  splitSeed?: number;
}

/** `train` and `test` with labels as class ids, plus the class names for the model's metadata. */
export interface OwnSplits extends TextSplits {
  /** Class names by id, `[class 0, class 1]`: the model's `metadata.labels`. */
  labels: [string, string];
  /** Why `labels[1]` is class 1, in words (for the log). */
  classOneReason: string;
  /** Problems that do not stop training, such as a 95/5 imbalance, one sentence each. */
  warnings: string[];
}

/** Fewer training examples than this is an error: too few to hold out validation and test rows. */
export const MIN_EXAMPLES = 100;
/** Fewer examples of a class than this is an error: validation and test need some of each. */
export const MIN_PER_CLASS = 10;
/** A class with at most this share of the examples (95/5) gets a warning. */
export const IMBALANCE_SHARE = 0.05;
/** Label values that name the positive class, compared case-insensitively. */
export const POSITIVE_VALUES: readonly string[] = ['1', 'true', 'yes', 'pos', 'positive'];
/** How class 1 is chosen when `positiveLabel` is not given, as the docs and errors state it. */
export const CLASS_ONE_RULE =
  'class 1 is --positive-label when given; else the one label that is 1, true, yes, pos or positive (any case); else the later of the two in code-point order ("spam" over "ham")';

/**
 * Checks the user's examples make a two-class training set and turns them into
 * the splits training reads: exactly two label values (one is an error naming
 * it; a third too), at least MIN_EXAMPLES examples and MIN_PER_CLASS of each
 * class, a warning at a 95/5 imbalance or worse. Without `test`, a stratified
 * seeded `testFraction` of `train` becomes the test split (the validation split
 * is held out of the rest later, by prepareDataset). Errors are DataFileError
 * naming the source, and the example's index when one example is at fault.
 */
export function splitOwnData(data: OwnData): OwnSplits {
  const trainSource = data.trainSource ?? 'train';
  const counts = countLabels(data.train, trainSource);
  const fail = (problem: string): never => {
    throw new DataFileError('DATA_LABELS', trainSource, undefined, problem);
  };
  if (data.train.length < MIN_EXAMPLES) {
    throw new DataFileError(
      'DATA_TOO_FEW',
      trainSource,
      undefined,
      `${data.train.length} examples; training needs at least ${MIN_EXAMPLES} (to hold out validation and test examples of both classes)`,
    );
  }
  const values = [...counts.keys()];
  if (values.length === 1) {
    fail(
      `every example has the label "${values[0]}": a model needs examples of two classes to learn to tell them apart`,
    );
  }
  const { labels, reason } = chooseClassOne(values as [string, string], data.positiveLabel);
  checkLabels(labels, 'labels', (path, problem) =>
    fail(`the label values cannot name a model's classes: ${path}: ${problem}`),
  );
  const total = data.train.length;
  const warnings: string[] = [];
  for (const label of labels) {
    const count = counts.get(label)!;
    if (count < MIN_PER_CLASS) {
      fail(
        `only ${count} example${count === 1 ? '' : 's'} labelled "${label}" of ${total}; each class needs at least ${MIN_PER_CLASS} (training, validation and test each need some)`,
      );
    }
    if (count / total <= IMBALANCE_SHARE) {
      const other = labels.find((l) => l !== label)!;
      warnings.push(
        `${trainSource}: only ${count} of ${total} examples (${percent(count / total)}) are "${label}": a model that always answers "${other}" is ${percent(1 - count / total)} accurate, so compare accuracy with that, or balance the data`,
      );
    }
  }
  const toClass = (examples: readonly LabelledText[]) =>
    examples.map(({ text, label }) => ({ text, label: label === labels[1] ? 1 : (0 as 0 | 1) }));
  const train = toClass(data.train);
  if (data.test !== undefined) {
    const testSource = data.testSource ?? 'test';
    if (data.test.length === 0) {
      throw new DataFileError('DATA_TOO_FEW', testSource, undefined, 'no test examples');
    }
    data.test.forEach((example, i) => {
      if (example.label !== labels[0] && example.label !== labels[1]) {
        throw new DataFileError(
          'DATA_LABELS',
          testSource,
          undefined,
          `example ${i}: label "${example.label}" is not one of the training labels "${labels[0]}" and "${labels[1]}"`,
        );
      }
    });
    return { labels, classOneReason: reason, train, test: toClass(data.test), warnings };
  }
  const fraction = data.testFraction ?? 0.1;
  if (!(fraction > 0 && fraction < 1)) {
    throw new ArgumentError('testFraction', `expected a number in (0, 1), got ${fraction}`);
  }
  const split = splitTrainValidation(
    Uint8Array.from(train, (e) => e.label),
    { validationSize: Math.max(2, Math.round(total * fraction)), seed: data.splitSeed ?? 1234 },
  );
  return {
    labels,
    classOneReason: reason,
    train: Array.from(split.train, (i) => train[i]!),
    test: Array.from(split.validation, (i) => train[i]!),
    warnings,
  };
}

function countLabels(examples: readonly LabelledText[], source: string): Map<string, number> {
  if (!Array.isArray(examples)) {
    throw new ArgumentError(source, 'expected an array of { text, label } examples');
  }
  const counts = new Map<string, number>();
  examples.forEach((example, i) => {
    const bad = (problem: string): never => {
      throw new DataFileError('DATA_BAD_ROW', source, undefined, `example ${i}: ${problem}`);
    };
    if (typeof example?.text !== 'string' || example.text.trim() === '') {
      bad('expected a non-empty string `text`');
    }
    if (typeof example.label !== 'string' || example.label === '') {
      bad('expected a non-empty string `label`');
    }
    const count = counts.get(example.label) ?? 0;
    if (count === 0 && counts.size === 2) {
      const known = [...counts.keys()].map((v) => `"${v}"`).join(' and ');
      bad(
        `a third label value "${example.label}" after ${known}: a model learns two classes; map the other values onto these two or drop those examples`,
      );
    }
    counts.set(example.label, count + 1);
  });
  return counts;
}

/** Orders the two label values as [class 0, class 1] by CLASS_ONE_RULE. */
export function chooseClassOne(
  values: readonly [string, string],
  positiveLabel?: string,
): { labels: [string, string]; reason: string } {
  const [a, b] = values;
  if (positiveLabel !== undefined) {
    if (positiveLabel !== a && positiveLabel !== b) {
      throw new ArgumentError(
        'positiveLabel',
        `"${positiveLabel}" (--positive-label) is not one of the labels "${a}" and "${b}"`,
      );
    }
    return {
      labels: positiveLabel === a ? [b, a] : [a, b],
      reason: 'chosen with --positive-label',
    };
  }
  const positive = values.filter((v) => POSITIVE_VALUES.includes(v.toLowerCase()));
  if (positive.length === 1) {
    const one = positive[0]!;
    return {
      labels: [one === a ? b : a, one],
      reason: `"${one}" is one of ${POSITIVE_VALUES.join(', ')}; pass --positive-label to choose the other`,
    };
  }
  const sorted = [...values].sort(compareCodePoints) as [string, string];
  return {
    labels: sorted,
    reason: `the later of the two labels in code-point order; pass --positive-label "${sorted[0]}" to choose the other`,
  };
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
