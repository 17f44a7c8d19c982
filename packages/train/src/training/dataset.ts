import { encodeTokens, tokenize, Vocab } from '@imdb-rnn/core';
import { DEFAULT_VALIDATION_SIZE, DEFAULT_VOCAB_SIZE } from '../config';
import type { EncodedExamples } from '../data/batching';
import { selectExamples, splitTrainValidation } from '../data/split';

/** A text with its class id: 1 is what the model's score is the probability of (IMDB: positive). */
export interface TextExample {
  text: string;
  label: 0 | 1;
}

/** A training and a test split: IMDB's (`readImdb`), or the user's own (`splitOwnData`). */
export interface TextSplits {
  train: readonly TextExample[];
  test: readonly TextExample[];
}

/** Encoded examples plus what evaluation reports alongside them. */
export interface LabelledSet extends EncodedExamples {
  labels: Uint8Array;
  /** Token count of each review before any truncation (for accuracy by length). */
  tokenCounts: Int32Array;
}

/** Everything a training run reads, encoded once. */
export interface Dataset {
  vocab: Vocab;
  /** Training split minus the validation hold-out. */
  train: LabelledSet;
  /** Held out of the training split, for model selection; empty with validationSize 0. */
  validation: LabelledSet;
  /** The validation examples' texts, in `validation`'s order (for short-text cuts). */
  validationTexts: readonly string[];
  /** The test split (IMDB's official one): used for the final number only. */
  test: LabelledSet;
}

export interface DatasetOptions {
  /** Tokens kept besides <unk> and <pad>. Reference: 20,000. */
  vocabSize?: number;
  /** Keep at most the first this-many tokens of each review (undefined: all, the reference). */
  maxLength?: number;
  /** Reviews held out of the training split for validation. Default 2,500 (a tenth of smaller sets); 0 holds none out. */
  validationSize?: number;
  /** Seed of the validation split (kept apart from the model seed so all runs share one split). */
  splitSeed?: number;
}

/**
 * Tokenizes every review once with core's tokenizer, builds the vocabulary from
 * the training part only (never from validation or test), and encodes all
 * three sets. The validation reviews are chosen before the vocabulary is built.
 */
export function prepareDataset(splits: TextSplits, options: DatasetOptions = {}): Dataset {
  const trainTokens = splits.train.map((r) => tokenize(r.text));
  const trainLabels = labelsOf(splits.train);
  const split = splitTrainValidation(trainLabels, {
    validationSize:
      options.validationSize ??
      Math.min(DEFAULT_VALIDATION_SIZE, Math.floor(trainLabels.length / 10)),
    seed: options.splitSeed ?? 1234,
  });
  const kept = Array.from(split.train, (i) => trainTokens[i]!);
  const vocab = Vocab.build(kept, { maxSize: options.vocabSize ?? DEFAULT_VOCAB_SIZE });
  const encodeOptions = options.maxLength === undefined ? {} : { maxLength: options.maxLength };
  const encodeSet = (tokens: readonly (readonly string[])[], labels: Uint8Array): LabelledSet => {
    const { ids, lengths } = encodeTokens(tokens, vocab, encodeOptions);
    return { ids, lengths, labels, tokenCounts: Int32Array.from(tokens, (t) => t.length) };
  };
  const all = encodeSet(trainTokens, trainLabels);
  const pick = (indices: Int32Array): LabelledSet => ({
    ...selectExamples(all, indices),
    tokenCounts: Int32Array.from(indices, (i) => all.tokenCounts[i]!),
  });
  return {
    vocab,
    train: pick(split.train),
    validation: pick(split.validation),
    validationTexts: Array.from(split.validation, (i) => splits.train[i]!.text),
    test: encodeSet(
      splits.test.map((r) => tokenize(r.text)),
      labelsOf(splits.test),
    ),
  };
}

function labelsOf(reviews: readonly TextExample[]): Uint8Array {
  return Uint8Array.from(reviews, (r) => r.label);
}
