import { describe, expect, it } from 'vitest';
import { VocabError } from './errors.js';
import { PAD_INDEX, UNK_INDEX } from './model-spec.js';
import { tokenize } from './tokenize.js';
import { Vocab } from './vocab.js';

describe('Vocab.build', () => {
  const docs = [
    tokenize('the film, the plot.'),
    tokenize('The cast; the film!'),
    tokenize('a plot'),
  ];

  it('puts <unk> at 0, <pad> at 1, then tokens by descending frequency', () => {
    const vocab = Vocab.build(docs);
    expect(vocab.tokens.slice(0, 5)).toEqual(['<unk>', '<pad>', 'the', 'film', 'plot']);
    expect(vocab.indexOf('<unk>')).toBe(UNK_INDEX);
    expect(vocab.indexOf('<pad>')).toBe(PAD_INDEX);
    expect(vocab.size).toBe(vocab.tokens.length);
  });

  it('breaks frequency ties by code-point order, whatever the input order', () => {
    const tokens = ['b', '\u{1F600}', 'é', 'a', '\uFF01', 'B'];
    const forward = Vocab.build([tokens]);
    const backward = Vocab.build([[...tokens].reverse()]);
    expect(forward.tokens).toEqual(['<unk>', '<pad>', 'B', 'a', 'b', 'é', '\uFF01', '\u{1F600}']);
    expect(backward.tokens).toEqual(forward.tokens);
  });

  it('keeps at most maxSize tokens besides the specials', () => {
    const vocab = Vocab.build(docs, { maxSize: 2 });
    expect(vocab.tokens).toEqual(['<unk>', '<pad>', 'the', 'film']);
  });

  it('drops tokens rarer than minFreq', () => {
    const vocab = Vocab.build(docs, { minFreq: 2 });
    expect(vocab.tokens).toEqual(['<unk>', '<pad>', 'the', 'film', 'plot']);
  });

  it('never gives a literal "<unk>" or "<pad>" in the stream a second id', () => {
    const vocab = Vocab.build([['<pad>', '<unk>', 'x', '<pad>']]);
    expect(vocab.tokens).toEqual(['<unk>', '<pad>', 'x']);
  });

  it('maps unknown tokens to <unk>', () => {
    const vocab = Vocab.build(docs);
    expect(vocab.indexOf('masterpiece')).toBe(UNK_INDEX);
    expect(vocab.tokenAt(vocab.indexOf('plot'))).toBe('plot');
    expect(vocab.tokenAt(10_000)).toBe('<unk>');
  });

  it('rejects bad options naming them', () => {
    expect(() => Vocab.build(docs, { maxSize: -1 })).toThrow(
      'options.maxSize: expected a non-negative integer, got -1',
    );
    expect(() => Vocab.build(docs, { minFreq: 0 })).toThrow(
      'options.minFreq: expected a positive integer, got 0',
    );
  });
});

describe('Vocab.fromCounts', () => {
  const docs = [tokenize('the film, the plot.'), tokenize('The cast; the film! a plot <unk>')];
  const countsOf = (ds: string[][]) => {
    const counts = new Map<string, number>();
    for (const d of ds) for (const t of d) counts.set(t, (counts.get(t) ?? 0) + 1);
    return counts;
  };

  it('gives the vocab build gives for the documents counted, whatever the entry order', () => {
    const counts = [...countsOf(docs)];
    for (const options of [{}, { maxSize: 3 }, { minFreq: 2 }]) {
      const built = Vocab.build(docs, options).tokens;
      expect(Vocab.fromCounts(counts, options).tokens).toEqual(built);
      expect(Vocab.fromCounts([...counts].reverse(), options).tokens).toEqual(built);
    }
  });

  it('skips tokens counted 0 and the specials', () => {
    const vocab = Vocab.fromCounts([
      ['x', 0],
      ['y', 1],
      ['<pad>', 9],
    ]);
    expect(vocab.tokens).toEqual(['<unk>', '<pad>', 'y']);
  });

  it('rejects a bad count or a token counted twice, naming the token', () => {
    expect(() => Vocab.fromCounts([['x', -1]])).toThrow(VocabError);
    expect(() => Vocab.fromCounts([['x', 1.5]])).toThrow('counts["x"]: expected a count, got 1.5');
    expect(() =>
      Vocab.fromCounts([
        ['x', 1],
        ['x', 2],
      ]),
    ).toThrow('counts["x"]: counted twice');
    expect(() => Vocab.fromCounts([], { maxSize: -1 })).toThrow('options.maxSize');
  });
});

describe('Vocab JSON', () => {
  const vocab = Vocab.build([tokenize("don't stop, don't")]);

  it('round-trips through JSON text', () => {
    const json = JSON.parse(JSON.stringify(vocab));
    expect(json).toEqual({ version: 1, tokens: ['<unk>', '<pad>', "don't", ',', 'stop'] });
    const back = Vocab.fromJSON(json);
    expect(back.tokens).toEqual(vocab.tokens);
    expect(back.indexOf('stop')).toBe(4);
  });

  const bad: [string, unknown, string][] = [
    ['a non-object', 'tokens', 'vocab: expected an object, got "tokens"'],
    [
      'a missing version',
      { tokens: ['<unk>', '<pad>', 'a'] },
      'vocab.version: expected 1, got undefined',
    ],
    [
      'a future version',
      { version: 2, tokens: ['<unk>', '<pad>', 'a'] },
      'vocab.version: expected 1, got 2',
    ],
    [
      'non-array tokens',
      { version: 1, tokens: 'a b' },
      'vocab.tokens: expected an array of strings, got "a b"',
    ],
    [
      'too few tokens',
      { version: 1, tokens: ['<unk>'] },
      'vocab.tokens: expected at least <unk> and <pad>, got 1 entries',
    ],
    [
      'a non-string token',
      { version: 1, tokens: ['<unk>', '<pad>', 7] },
      'vocab.tokens[2]: expected a string, got 7',
    ],
    [
      'an empty token',
      { version: 1, tokens: ['<unk>', '<pad>', ''] },
      'vocab.tokens[2]: expected a non-empty string',
    ],
    [
      'a duplicate',
      { version: 1, tokens: ['<unk>', '<pad>', 'a', 'b', 'a'] },
      'vocab.tokens[4]: duplicate of vocab.tokens[2] ("a")',
    ],
    [
      '<unk> misplaced',
      { version: 1, tokens: ['<pad>', '<unk>', 'a'] },
      'vocab.tokens[0]: expected "<unk>", got "<pad>"',
    ],
    [
      '<pad> missing',
      { version: 1, tokens: ['<unk>', 'a', 'b'] },
      'vocab.tokens[1]: expected "<pad>", got "a"',
    ],
    [
      'an unknown field',
      { version: 1, tokens: ['<unk>', '<pad>', 'a'], size: 3 },
      'vocab.size: unknown field',
    ],
  ];
  for (const [what, value, message] of bad) {
    it(`rejects ${what} naming the field`, () => {
      expect(() => Vocab.fromJSON(value)).toThrow(message);
      expect(() => Vocab.fromJSON(value)).toThrow(VocabError);
    });
  }

  it('round-trips the vocab of an empty corpus (only the specials)', () => {
    const empty = Vocab.build([]);
    expect(Vocab.fromJSON(empty.toJSON()).tokens).toEqual(['<unk>', '<pad>']);
  });

  it('validates a plain token list with fromTokens', () => {
    expect(Vocab.fromTokens(['<unk>', '<pad>', 'x']).indexOf('x')).toBe(2);
    expect(() => Vocab.fromTokens(['<unk>', '<pad>', 'x', 'x'])).toThrow(
      'tokens[3]: duplicate of tokens[2]',
    );
  });
});
