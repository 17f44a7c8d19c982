import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTokens } from './encode.js';
import { UNK_INDEX } from './model-spec.js';
import { padBatch } from './pad-batch.js';
import { Vocab } from './vocab.js';

// Small alphabets make frequency ties (the interesting case) common.
const token = fc.string({
  unit: fc.constantFrom('a', 'b', 'é', '\u{1F600}', '\uFF01', '<', 'k'),
  minLength: 1,
  maxLength: 3,
});
const docs = fc.array(fc.array(token, { maxLength: 12 }), { maxLength: 8 });

describe('Vocab properties', () => {
  it('does not depend on the order of documents or of tokens within them', () => {
    fc.assert(
      fc.property(docs, fc.integer({ min: 0, max: 6 }), (ds, maxSize) => {
        const shuffled = [...ds].reverse().map((d) => [...d].reverse());
        expect(Vocab.build(shuffled, { maxSize }).tokens).toEqual(
          Vocab.build(ds, { maxSize }).tokens,
        );
      }),
    );
  });

  it('keeps specials first, ids dense and unique, and at most maxSize other tokens', () => {
    fc.assert(
      fc.property(docs, fc.integer({ min: 0, max: 6 }), (ds, maxSize) => {
        const vocab = Vocab.build(ds, { maxSize });
        expect(vocab.tokens.slice(0, 2)).toEqual(['<unk>', '<pad>']);
        expect(vocab.size).toBeLessThanOrEqual(maxSize + 2);
        expect(new Set(vocab.tokens).size).toBe(vocab.size);
        vocab.tokens.forEach((t, i) => {
          expect(vocab.indexOf(t)).toBe(i);
        });
      }),
    );
  });

  it('never keeps a rarer token while dropping a more frequent one', () => {
    fc.assert(
      fc.property(docs, fc.integer({ min: 0, max: 4 }), (ds, maxSize) => {
        const counts = new Map<string, number>();
        for (const d of ds) for (const t of d) counts.set(t, (counts.get(t) ?? 0) + 1);
        const vocab = Vocab.build(ds, { maxSize });
        const kept = vocab.tokens.slice(2).map((t) => counts.get(t)!);
        const dropped = [...counts]
          .filter(([t]) => vocab.indexOf(t) === UNK_INDEX)
          .map(([, c]) => c);
        for (let i = 1; i < kept.length; i++) expect(kept[i]!).toBeLessThanOrEqual(kept[i - 1]!);
        if (kept.length > 0 && dropped.length > 0) {
          expect(Math.max(...dropped)).toBeLessThanOrEqual(Math.min(...kept));
        }
      }),
    );
  });

  it('round-trips through JSON text', () => {
    fc.assert(
      fc.property(docs, (ds) => {
        const vocab = Vocab.build(ds);
        expect(Vocab.fromJSON(JSON.parse(JSON.stringify(vocab))).tokens).toEqual(vocab.tokens);
      }),
    );
  });
});

describe('encodeTokens and padBatch properties', () => {
  it('pads every row back to its ids in both layouts', () => {
    fc.assert(
      fc.property(docs, fc.integer({ min: 1, max: 5 }), (ds, maxLength) => {
        const vocab = Vocab.build(ds);
        const { ids, lengths } = encodeTokens(ds, vocab, { maxLength });
        const bm = padBatch(ids, { layout: 'batch-major' });
        const tm = padBatch(ids, { layout: 'time-major' });
        ids.forEach((row, b) => {
          expect(lengths[b]).toBe(row.length);
          expect(row.length).toBeGreaterThanOrEqual(1);
          expect(row.length).toBeLessThanOrEqual(maxLength);
          for (let t = 0; t < bm.time; t++) {
            const expected = t < row.length ? row[t] : 1;
            expect(bm.data[b * bm.time + t]).toBe(expected);
            expect(tm.data[t * tm.batch + b]).toBe(expected);
          }
        });
      }),
    );
  });
});
