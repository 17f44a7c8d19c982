import { encodeTokens, tokenize, UNK_INDEX, Vocab } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { splitTrainValidation } from '../data/split';
import { prepareDataset, type TextExample } from './dataset';

const WORDS = ['good', 'bad', 'film', 'plot', 'the', 'a', 'dull', 'great', 'cast', '!', 'Oh,'];

function reviews(count: number, rng: Rng): TextExample[] {
  return Array.from({ length: count }, (_, i) => {
    const length = rng.int(12);
    const words = Array.from({ length }, () => WORDS[rng.int(WORDS.length)]!);
    // Words seen in one review only, so the vocab's cut and <unk> both matter.
    if (i % 3 === 0) words.push(`rare${i}`);
    return { text: words.join(' '), label: (i % 2) as 0 | 1 };
  });
}

describe('prepareDataset', () => {
  const rng = new Rng(7);
  const splits = { train: reviews(60, rng), test: reviews(20, rng) };

  it('builds the vocab from the training part only and encodes every set with it', () => {
    for (const options of [{}, { vocabSize: 5, maxLength: 4, validationSize: 10 }]) {
      const dataset = prepareDataset(splits, options);
      // The definition, written the plain way: tokenize, count the kept part, encode.
      const { train, validation } = splitTrainValidation(
        Uint8Array.from(splits.train, (r) => r.label),
        { validationSize: options.validationSize ?? 6, seed: 1234 },
      );
      const tokens = splits.train.map((r) => tokenize(r.text));
      const vocab = Vocab.build(
        Array.from(train, (i) => tokens[i]!),
        options.vocabSize === undefined ? {} : { maxSize: options.vocabSize },
      );
      expect(dataset.vocab.tokens).toEqual(vocab.tokens);
      const encodeOptions = options.maxLength === undefined ? {} : { maxLength: options.maxLength };
      const expectSet = (set: typeof dataset.train, docs: string[][]) => {
        expect(set.ids).toEqual(encodeTokens(docs, vocab, encodeOptions).ids);
        expect(set.tokenCounts).toEqual(Int32Array.from(docs, (d) => d.length));
      };
      expectSet(
        dataset.train,
        Array.from(train, (i) => tokens[i]!),
      );
      expectSet(
        dataset.validation,
        Array.from(validation, (i) => tokens[i]!),
      );
      expectSet(
        dataset.test,
        splits.test.map((r) => tokenize(r.text)),
      );
    }
  });

  it('never takes a word seen only in the test split into the vocab', () => {
    const dataset = prepareDataset({
      train: splits.train,
      test: [{ text: 'zzzonlytest good', label: 1 }],
    });
    expect(dataset.vocab.indexOf('zzzonlytest')).toBe(UNK_INDEX);
    expect(dataset.test.ids[0]![0]).toBe(UNK_INDEX);
  });
});
