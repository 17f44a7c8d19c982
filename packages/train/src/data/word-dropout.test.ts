import { ArgumentError } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { Rng } from './rng';
import { dropWords } from './word-dropout';

const UNK = 0;

// Ids 2.. so a replaced token (<unk> = 0) is never an original one.
function examples(lengths: readonly number[]) {
  const ids = lengths.map((n) => Int32Array.from({ length: n }, (_, t) => t + 2));
  return {
    ids,
    lengths: Int32Array.from(lengths),
    labels: Uint8Array.from(lengths, (_, i) => i % 2),
  };
}

describe('dropWords', () => {
  it('with prob 0 returns the examples untouched and draws nothing', () => {
    const data = examples([30, 3]);
    const rng = new Rng(1);
    expect(dropWords(data, rng, 0, UNK)).toBe(data);
    expect(rng.getState()).toEqual(new Rng(1).getState());
  });

  it('replaces about prob of the tokens by <unk>, keeps the rest, the lengths and labels, and leaves the input alone', () => {
    const data = examples(Array.from({ length: 200 }, (_, i) => 50 + i));
    const dropped = dropWords(data, new Rng(7), 0.2, UNK);
    expect(dropped.lengths).toBe(data.lengths);
    expect(dropped.labels).toBe(data.labels);
    let total = 0;
    let replaced = 0;
    dropped.ids.forEach((row, i) => {
      expect(row.length).toBe(data.lengths[i]);
      row.forEach((id, t) => {
        total++;
        if (id === UNK) replaced++;
        else expect(id).toBe(t + 2);
      });
      expect(data.ids[i]![0]).toBe(2);
    });
    expect(data.ids.every((row) => row.every((id) => id !== UNK))).toBe(true);
    // 29,900 tokens: the share is within 1 pp of 0.2 far beyond chance.
    expect(Math.abs(replaced / total - 0.2)).toBeLessThan(0.01);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const data = examples([100, 100]);
    const a = dropWords(data, new Rng(3), 0.3, UNK);
    const b = dropWords(data, new Rng(3), 0.3, UNK);
    const c = dropWords(data, new Rng(4), 0.3, UNK);
    expect(a.ids).toEqual(b.ids);
    expect(a.ids).not.toEqual(c.ids);
  });

  it.each([-0.1, 1, Number.NaN])('rejects prob %s with an ArgumentError', (p) => {
    expect(() => dropWords(examples([5]), new Rng(1), p, UNK)).toThrow(ArgumentError);
    expect(() => dropWords(examples([5]), new Rng(1), p, UNK)).toThrow(/wordDropout/);
  });
});
