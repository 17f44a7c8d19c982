/// <reference types="node" />
// Runs the tokenizer over the whole labelled IMDB archive (IMDB_RNN_DATA; CI sets it).

import { type Review, readImdbReviews } from '@imdb-rnn/test-support/imdb';
import { describe, expect, it } from 'vitest';
import { reviewSnippets } from './fixtures/review-snippets.js';
import { tokenize } from './tokenize.js';
import { Vocab } from './vocab.js';

const data = process.env.IMDB_RNN_DATA;

describe.skipIf(!data)('tokenize on the IMDB archive', () => {
  let reviews: Review[] = [];
  const load = async () => {
    if (reviews.length === 0) reviews = await readImdbReviews(data!);
    return reviews;
  };

  it('reads all 50,000 labelled reviews', async () => {
    expect(await load()).toHaveLength(50_000);
  }, 60_000);

  it('takes every table-test snippet verbatim from the review file it names', async () => {
    const byPath = new Map((await load()).map((r) => [r.path, r.text]));
    for (const { file, text } of reviewSnippets) {
      expect(byPath.get(file)).toContain(text);
    }
  }, 60_000);

  it('yields no empty or whitespace-bearing token and is idempotent on every review', async () => {
    const bad: string[] = [];
    for (const { path, text } of await load()) {
      const tokens = tokenize(text);
      const again = tokenize(tokens.join(' '));
      const ok =
        tokens.length > 0 &&
        tokens.every((t) => t.length > 0 && !/\s/u.test(t) && !t.includes('<br')) &&
        again.length === tokens.length &&
        again.every((t, i) => t === tokens[i]);
      if (!ok) bad.push(path);
    }
    expect(bad).toEqual([]);
  }, 120_000);

  it('builds the reference vocab from the training split: most frequent first', async () => {
    const train = (await load()).filter((r) => r.path.startsWith('train/'));
    expect(train).toHaveLength(25_000);
    const vocab = Vocab.build(
      train.map((r) => tokenize(r.text)),
      { maxSize: 20_000 },
    );
    expect(vocab.size).toBe(20_002);
    expect(vocab.tokens.slice(0, 5)).toEqual(['<unk>', '<pad>', 'the', '.', ',']);
    for (const word of ["don't", 'movie', 'film', 'great', 'bad', 'café']) {
      expect(vocab.indexOf(word)).toBeGreaterThan(1);
    }
  }, 120_000);
});
