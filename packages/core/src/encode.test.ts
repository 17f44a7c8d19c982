import { describe, expect, it } from 'vitest';
import { encode, encodeNumberedTokens, encodeTokens } from './encode.js';
import { UNK_INDEX } from './model-spec.js';
import { tokenize } from './tokenize.js';
import { Vocab } from './vocab.js';

const vocab = Vocab.fromTokens(['<unk>', '<pad>', 'the', 'film', 'was', 'great', '!']);

describe('encode', () => {
  it('tokenizes and maps every token to its id, unknown words to <unk>', () => {
    const { ids, lengths } = encode(['The film was GREAT!', 'the plot was dull'], vocab);
    expect(Array.from(ids[0]!)).toEqual([2, 3, 4, 5, 6]);
    expect(Array.from(ids[1]!)).toEqual([2, UNK_INDEX, 4, UNK_INDEX]);
    expect(Array.from(lengths)).toEqual([5, 4]);
  });

  it('encodes a text without tokens as a single <unk>, never length 0', () => {
    const { ids, lengths } = encode(['', '   <br />'], vocab);
    expect(Array.from(ids[0]!)).toEqual([UNK_INDEX]);
    expect(Array.from(ids[1]!)).toEqual([UNK_INDEX]);
    expect(Array.from(lengths)).toEqual([1, 1]);
  });

  it('keeps the first maxLength tokens', () => {
    const { ids, lengths } = encode(['the film was great !', 'film'], vocab, { maxLength: 2 });
    expect(Array.from(ids[0]!)).toEqual([2, 3]);
    expect(Array.from(lengths)).toEqual([2, 1]);
  });

  it('rejects a maxLength that is not a positive integer', () => {
    expect(() => encode(['x'], vocab, { maxLength: 0 })).toThrow(
      'options.maxLength: expected a positive integer, got 0',
    );
    expect(() => encode(['x'], vocab, { maxLength: 2.5 })).toThrow('options.maxLength');
  });

  it('agrees with encodeTokens on tokenized input', () => {
    const texts = ['The film!', "Don't", ''];
    expect(encodeTokens(texts.map(tokenize), vocab, { maxLength: 3 })).toEqual(
      encode(texts, vocab, { maxLength: 3 }),
    );
  });

  it('returns empty arrays for no texts', () => {
    const { ids, lengths } = encode([], vocab);
    expect(ids).toEqual([]);
    expect(lengths.length).toBe(0);
  });
});

describe('encodeNumberedTokens', () => {
  it('encodes numbered tokens exactly as encodeTokens encodes the tokens', () => {
    const texts = ['The film was GREAT!', 'the plot was dull', '', 'film film film'];
    const table = new Map<string, number>();
    const numbered = texts.map((text) =>
      Int32Array.from(tokenize(text), (t) => {
        if (!table.has(t)) table.set(t, table.size);
        return table.get(t)!;
      }),
    );
    const vocabIds = Int32Array.from(table.keys(), (t) => vocab.indexOf(t));
    for (const options of [{}, { maxLength: 2 }]) {
      expect(encodeNumberedTokens(numbered, vocabIds, options)).toEqual(
        encodeTokens(texts.map(tokenize), vocab, options),
      );
    }
  });

  it('names a token number outside the table', () => {
    expect(() => encodeNumberedTokens([Int32Array.of(0, 3)], Int32Array.of(2, 3))).toThrow(
      'docs[0][1]: token number 3 is not in vocabIds (2 entries)',
    );
  });
});
