import { encodeNumberedTokens, tokenize, Vocab } from '@imdb-rnn/core';
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
  /** Hold out runs of this many consecutive reviews (split.ts's blockSize; default 1: single reviews). */
  validationBlockSize?: number;
}

/**
 * Tokenizes every review once with core's tokenizer, builds the vocabulary from
 * the training part only (never from validation or test), and encodes all
 * three sets. The validation reviews are chosen before the vocabulary is built.
 */
export function prepareDataset(splits: TextSplits, options: DatasetOptions = {}): Dataset {
  const numbers = new TokenNumbers();
  const trainDocs = splits.train.map((r) => numbers.of(tokenize(r.text)));
  const testDocs = splits.test.map((r) => numbers.of(tokenize(r.text)));
  const trainLabels = labelsOf(splits.train);
  const split = splitTrainValidation(trainLabels, {
    validationSize:
      options.validationSize ??
      Math.min(DEFAULT_VALIDATION_SIZE, Math.floor(trainLabels.length / 10)),
    seed: options.splitSeed ?? 1234,
    blockSize: options.validationBlockSize ?? 1,
  });
  const counts = new Int32Array(numbers.size);
  for (const i of split.train) for (const n of trainDocs[i]!) counts[n]!++;
  const vocab = Vocab.fromCounts(numbers.withCounts(counts), {
    maxSize: options.vocabSize ?? DEFAULT_VOCAB_SIZE,
  });
  const vocabIds = numbers.vocabIds(vocab);
  const encodeOptions = options.maxLength === undefined ? {} : { maxLength: options.maxLength };
  const encodeSet = (docs: readonly Int32Array[], labels: Uint8Array): LabelledSet => {
    const { ids, lengths } = encodeNumberedTokens(docs, vocabIds, encodeOptions);
    return { ids, lengths, labels, tokenCounts: Int32Array.from(docs, (d) => d.length) };
  };
  const all = encodeSet(trainDocs, trainLabels);
  const pick = (indices: Int32Array): LabelledSet => ({
    ...selectExamples(all, indices),
    tokenCounts: Int32Array.from(indices, (i) => all.tokenCounts[i]!),
  });
  return {
    vocab,
    train: pick(split.train),
    validation: pick(split.validation),
    validationTexts: Array.from(split.validation, (i) => splits.train[i]!.text),
    test: encodeSet(testDocs, labelsOf(splits.test)),
  };
}

/**
 * Numbers each distinct token in the order first seen, so a tokenized review is
 * kept as an Int32Array until the vocabulary exists. Keeping the reviews' six
 * million token strings alive instead cost about 3 s of garbage collection per
 * command, and a second hash lookup of every token to encode it.
 */
class TokenNumbers {
  readonly #numbers = new Map<string, number>();
  readonly #tokens: string[] = [];

  get size(): number {
    return this.#tokens.length;
  }

  of(tokens: readonly string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t]!;
      let n = this.#numbers.get(token);
      if (n === undefined) {
        n = this.#tokens.length;
        this.#numbers.set(token, n);
        this.#tokens.push(token);
      }
      out[t] = n;
    }
    return out;
  }

  /** [token, count] for every numbered token, for Vocab.fromCounts. */
  *withCounts(counts: Int32Array): Generator<[string, number]> {
    for (let n = 0; n < this.#tokens.length; n++) yield [this.#tokens[n]!, counts[n]!];
  }

  /** The vocab id of every number (UNK_INDEX for tokens the vocab left out). */
  vocabIds(vocab: Vocab): Int32Array {
    return Int32Array.from(this.#tokens, (token) => vocab.indexOf(token));
  }
}

function labelsOf(reviews: readonly TextExample[]): Uint8Array {
  return Uint8Array.from(reviews, (r) => r.label);
}
