import { encode, tokenize, Vocab } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { firstSentence, SHORT_TEXT_TOKENS, shortTextAccuracy, shortTextSets } from './short-text';

describe('firstSentence', () => {
  it('ends at . ! ? followed by whitespace or the end, keeping the mark', () => {
    expect(firstSentence('A fine film. The cast is good.')).toBe('A fine film.');
    expect(firstSentence('Wow!!! Just wow.')).toBe('Wow!!!');
    expect(firstSentence('Why? Nobody knows.')).toBe('Why?');
    expect(firstSentence('He said "go home." Then left.')).toBe('He said "go home."');
    expect(firstSentence('No end mark here')).toBe('No end mark here');
  });

  it('ends at an HTML line break, and skips sentences without a letter or digit', () => {
    expect(firstSentence('Great fun<br /><br />Later it drags.')).toBe('Great fun');
    expect(firstSentence('<br /><br/>... <BR>Second part. Third.')).toBe('Second part.');
  });

  it('does not end at abbreviations, initials, ellipses or inner dots', () => {
    expect(firstSentence('Mr. Smith and Dr. Jones meet J. R. Ewing. Then more.')).toBe(
      'Mr. Smith and Dr. Jones meet J. R. Ewing.',
    );
    expect(firstSentence('Good, e.g. the score, i.e. music etc. works. Bad plot.')).toBe(
      'Good, e.g. the score, i.e. music etc. works.',
    );
    expect(firstSentence('Well... it was ok. Not great.')).toBe('Well... it was ok.');
    expect(firstSentence('It cost $3.50 in 1999.5 terms. Next.')).toBe(
      'It cost $3.50 in 1999.5 terms.',
    );
  });
});

describe('shortTextAccuracy', () => {
  // vocab: 0 <unk>, 1 <pad>, then good, bad
  const vocab = Vocab.fromTokens(['<unk>', '<pad>', 'good', 'bad']);
  const GOOD = 2;
  const BAD = 3;
  // A "model" that counts good minus bad: positive when good outnumbers bad.
  const logitsOf = (examples: { ids: readonly Int32Array[] }) =>
    Float32Array.from(
      examples.ids,
      (row) => row.reduce((s, id) => s + (id === GOOD ? 1 : id === BAD ? -1 : 0), 0) - 0.5,
    );

  it('scores the first sentence and the first 20 tokens against the full labels', () => {
    const late = `${'x '.repeat(SHORT_TEXT_TOKENS)}good good`; // good only after 20 tokens
    const texts = ['Good. Bad bad bad.', 'Bad. Good good good.', late];
    const labels = Uint8Array.of(1, 1, 1);
    const sets = shortTextSets(texts, labels, vocab);
    // "." is not in the vocabulary: <unk> (0)
    expect(sets.firstSentence.ids.map((r) => [...r])).toEqual([
      [GOOD, 0],
      [BAD, 0],
      [...Array(SHORT_TEXT_TOKENS).fill(0), GOOD, GOOD],
    ]);
    expect(sets.first20Tokens.lengths).toEqual(Int32Array.of(6, 6, 20));
    const result = shortTextAccuracy(logitsOf, texts, labels, vocab);
    // first sentences: "Good." right, "Bad." wrong, the whole third review right
    expect(result.firstSentence).toBeCloseTo(2 / 3, 12);
    // first 20 tokens: all of 1 (1 good, 3 bad: wrong), 2 (right), 20 x "x" (wrong)
    expect(result.first20Tokens).toBeCloseTo(1 / 3, 12);
    expect(result.firstSentenceMeanTokens).toBeCloseTo((2 + 2 + 22) / 3, 12);
  });

  it('reads the first-20 cut from whole encodings where they hold it, with the same result', () => {
    const texts = [
      `good ${'x '.repeat(30)}bad`,
      'bad good',
      '',
      `${'good '.repeat(25)}`,
      'Bad. Good good good.',
    ];
    const labels = Uint8Array.of(1, 0, 1, 1, 0);
    const fresh = shortTextSets(texts, labels, vocab);
    // Whole encodings, and ones a maxLength of 3 cut short (those texts are tokenized again).
    for (const maxLength of [undefined, 3]) {
      const { ids } = encode(texts, vocab, maxLength === undefined ? {} : { maxLength });
      const tokenCounts = Int32Array.from(texts, (t) => tokenize(t).length);
      const reused = shortTextSets(texts, labels, vocab, { ids, tokenCounts });
      expect(reused.first20Tokens).toEqual(fresh.first20Tokens);
      expect(reused.firstSentence).toEqual(fresh.firstSentence);
    }
  });
});
