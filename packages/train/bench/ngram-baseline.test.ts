import { ArgumentError, tokenize } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { ngramsOf, trainNgramBaseline } from './ngram-baseline';

// A toy corpus where a word's polarity flips after "not": only the bigrams can tell
// "not good" (negative) from "good" (positive).
const fillers = ['the film', 'this movie', 'the plot', 'the acting', 'the cast', 'its ending'];
const corpus: { text: string; label: 0 | 1 }[] = [];
for (const filler of fillers) {
  for (const [phrase, label] of [
    ['was good', 1],
    ['was great', 1],
    ['was not bad', 1],
    ['was bad', 0],
    ['was awful', 0],
    ['was not good', 0],
  ] as const) {
    corpus.push({ text: `${filler} ${phrase}`, label });
  }
}
const texts = corpus.map((r) => tokenize(r.text));
const labels = corpus.map((r) => r.label);

describe('ngramsOf', () => {
  it('gives each distinct word and word pair once', () => {
    expect([...ngramsOf(['a', 'b', 'a', 'b'], 2)].sort()).toEqual(['a', 'a b', 'b', 'b a']);
    expect([...ngramsOf(['a', 'b'], 1)]).toEqual(['a', 'b']);
    expect(ngramsOf([], 2).size).toBe(0);
  });
});

describe('trainNgramBaseline', () => {
  const model = trainNgramBaseline(texts, labels, { epochs: 20 });

  it('learns word polarity, and from the bigrams, that "not" flips it', () => {
    expect(model.weights.get('great')).toBeGreaterThan(0);
    expect(model.weights.get('awful')).toBeLessThan(0);
    expect(model.weights.get('not good')).toBeLessThan(0);
    expect(model.weights.get('not bad')).toBeGreaterThan(0);
    // Unseen fillers: only the opinion decides.
    expect(model.logit(tokenize('the music was not good'))).toBeLessThan(0);
    expect(model.logit(tokenize('the music was not bad'))).toBeGreaterThan(0);
    expect(model.logit(tokenize('the music was great'))).toBeGreaterThan(0);
    expect(model.logit(tokenize('the music was awful'))).toBeLessThan(0);
  });

  it('with words alone (maxN 1) misreads the negations', () => {
    const unigrams = trainNgramBaseline(texts, labels, { maxN: 1, epochs: 20 });
    expect([...unigrams.weights.keys()].some((g) => g.includes(' '))).toBe(false);
    // "good", "bad" and "not" each occur in positive and negative texts alike.
    const gap = (m: typeof model) =>
      m.logit(tokenize('the music was not bad')) - m.logit(tokenize('the music was not good'));
    expect(gap(model)).toBeGreaterThan(2);
    expect(Math.abs(gap(unigrams))).toBeLessThan(0.2 * gap(model));
  });

  it('gives the same weights for the same seed, and another order for another seed', () => {
    const again = trainNgramBaseline(texts, labels, { epochs: 20 });
    expect([...again.weights]).toEqual([...model.weights]);
    const other = trainNgramBaseline(texts, labels, { epochs: 20, seed: 2 });
    expect([...other.weights]).not.toEqual([...model.weights]);
  });

  it('prunes to a byte budget, keeping the strongest n-grams as int8 weights', () => {
    const full = model.shippedBytes();
    const pruned = model.prunedTo(full / 3);
    expect(pruned.shippedBytes()).toBeLessThanOrEqual(full / 3);
    expect(pruned.weights.size).toBeLessThan(model.weights.size);
    const strongest = Math.max(...[...model.weights.values()].map(Math.abs));
    const weakestKept = Math.min(
      ...[...pruned.weights.keys()].map((g) => Math.abs(model.weights.get(g)!)),
    );
    for (const [gram, w] of model.weights) {
      if (!pruned.weights.has(gram)) expect(Math.abs(w)).toBeLessThanOrEqual(weakestKept);
    }
    // int8: every kept weight is a multiple of max |weight| / 127, within a step of the original.
    const step = strongest / 127;
    for (const [gram, w] of pruned.weights) {
      expect(Math.abs(w / step - Math.round(w / step))).toBeLessThan(1e-9);
      expect(Math.abs(w - model.weights.get(gram)!)).toBeLessThanOrEqual(step / 2 + 1e-12);
    }
    expect(model.prunedTo(full).weights.size).toBe(model.weights.size);
    expect(model.prunedTo(8).weights.size).toBe(0);
  });

  it('rejects bad input with a typed error naming it', () => {
    expect(() => trainNgramBaseline(texts, labels.slice(1))).toThrow(ArgumentError);
    expect(() => trainNgramBaseline(texts, labels.slice(1))).toThrow(/labels/);
    expect(() => trainNgramBaseline(texts, labels, { epochs: 0 })).toThrow(/epochs/);
    expect(() => trainNgramBaseline(texts, labels, { maxN: 1.5 })).toThrow(/maxN/);
    expect(() => trainNgramBaseline(texts, labels, { alpha: 0 })).toThrow(/alpha/);
    expect(() =>
      trainNgramBaseline(
        texts,
        labels.map(() => 1),
      ),
    ).toThrow(/both classes/);
    expect(() => model.prunedTo(Number.NaN)).toThrow(/maxBytes/);
  });
});
