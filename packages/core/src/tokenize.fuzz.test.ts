// Fuzzing the tokenizer and encoder with hostile Unicode (issue 8): seeded, so a
// failure replays exactly; bounded, so the file stays a few seconds in CI. Beyond
// tokenize.property.test.ts this feeds whole-Unicode graphemes, raw UTF-16 code
// units, right-to-left and bidi controls, long runs of combining marks, control
// characters and megabyte-scale repeats, and checks what must hold for any text:
// no throw, no hang, no empty or malformed token, ids in range, determinism.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encode } from './encode.js';
import { UNK_INDEX } from './model-spec.js';
import { tokenize } from './tokenize.js';
import { Vocab } from './vocab.js';

const SEED = 20_261_129;
// A hang detector, not a speed test: one case normally takes well under 50 ms, so a
// case past this bound means runaway backtracking or a loop, however loaded the machine.
const HANG_MS = 5_000;

/** Fragments the tokenizer's rules single out, and scripts and controls that break naive splitters. */
const HOSTILE = [
  "'",
  "''",
  '’',
  '`',
  '´',
  'ʼ',
  '＇',
  '<br />',
  '<BR/>',
  '<br',
  '/>',
  'e\u0301',
  '\u0301\u0302\u0303',
  'İ',
  'ΑΣ',
  'ß',
  'ﬃ',
  '\u1FEF',
  '\u1FFD',
  'שלום',
  'مرحبا',
  '\u202E',
  '\u202D',
  '\u200E',
  '\u200F',
  '\u2066',
  '\u2069',
  '\u061C',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u00AD',
  '\uFEFF',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u0000',
  '\u0007',
  '\u001B[31m',
  '\u007F',
  '\uFFFD',
  '\uFFFE',
  '\uFFFF',
  '\u{E0001}',
  '\u{E0041}',
  '\uFE0F',
  '👍🏽',
  '👩‍👩‍👧‍👦',
  '🇫🇷',
  '❤️',
  '١٢٣',
  '½',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'Ⅻ',
  '\u3000',
  '漢字かな',
  '\uD800',
  '\uDFFF',
  '\uDBFF\uDC00',
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  // Raw UTF-16 code units: lone and mismatched surrogates included.
  {
    weight: 2,
    arbitrary: fc
      .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 8 })
      .map((units) => String.fromCharCode(...units)),
  },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 10 }) },
  // Combining marks piled on one base, as "Zalgo" text does.
  {
    weight: 1,
    arbitrary: fc
      .array(fc.integer({ min: 0x0300, max: 0x036f }), { minLength: 1, maxLength: 60 })
      .map((marks) => `z${String.fromCharCode(...marks)}`),
  },
);
const text = fc.array(piece, { maxLength: 16 }).map((parts) => parts.join(''));

/** A review-sized or larger text: a hostile piece repeated up to 40,000 times (~1 MB at most). */
const huge = fc
  .tuple(fc.array(piece, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1_000, max: 40_000 }))
  .map(([parts, times]) => parts.join('').repeat(times));

function timed<T>(run: () => T): T {
  const start = Date.now();
  const result = run();
  expect(Date.now() - start).toBeLessThan(HANG_MS);
  return result;
}

// \p{Cs} under the u flag matches only lone surrogates (pairs are read as one code point).
const FORBIDDEN = /[\s\p{Cc}\p{Cf}\p{Cs}]/u;

/**
 * What every token of every text satisfies: a non-empty, well-formed string (no lone
 * surrogate survives into a token) without whitespace, control or format characters.
 * Checked in plain code with one expect per text: a megabyte text has ~500,000 tokens.
 */
function checkTokens(tokens: readonly string[]): void {
  const bad = tokens.filter(
    (token) => typeof token !== 'string' || token.length === 0 || FORBIDDEN.test(token),
  );
  expect(bad).toEqual([]);
}

describe('tokenize fuzzing (seeded)', () => {
  it('5,000 hostile texts: never throws, every token non-empty, well-formed, free of whitespace and controls', () => {
    fc.assert(
      fc.property(text, (s) => {
        checkTokens(timed(() => tokenize(s)));
      }),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it('3,000 texts: deterministic, and idempotent on the space-joined tokens', () => {
    fc.assert(
      fc.property(text, (s) => {
        const tokens = tokenize(s);
        expect(tokenize(s)).toEqual(tokens);
        expect(tokenize(tokens.join(' '))).toEqual(tokens);
      }),
      { seed: SEED + 1, numRuns: 3_000 },
    );
  });

  it('3,000 pairs: a " . " between two texts tokenizes as the two texts apart (no rule reaches across it)', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(tokenize(`${a} . ${b}`)).toEqual([...tokenize(a), '.', ...tokenize(b)]);
      }),
      { seed: SEED + 2, numRuns: 3_000 },
    );
  });

  it('40 texts of 1,000 to 40,000 repeats (up to ~1 MB): no throw, no hang', () => {
    fc.assert(
      fc.property(huge, (s) => {
        checkTokens(timed(() => tokenize(s)));
      }),
      { seed: SEED + 3, numRuns: 40 },
    );
  });

  it('adversarial repeats for the regexes (apostrophe chains, unclosed <br, 1 MB of marks) finish', () => {
    const cases = [
      "a'".repeat(200_000),
      "a''".repeat(100_000),
      `<br${' '.repeat(500_000)}`,
      '<br'.repeat(200_000),
      `a${'\u0301'.repeat(500_000)}`,
      '\uD800'.repeat(500_000),
      '👍🏽'.repeat(100_000),
    ];
    for (const s of cases) checkTokens(timed(() => tokenize(s)));
    expect(tokenize("a'".repeat(200_000))).toEqual([`${"a'".repeat(199_999)}a`, "'"]);
  });
});

describe('encode fuzzing (seeded)', () => {
  // A vocabulary built from fuzzed text itself, so many fuzzed tokens are known.
  const corpus = fc.sample(text, { seed: SEED + 4, numRuns: 300 });
  const vocab = Vocab.build(corpus.map(tokenize), { maxSize: 2_000 });

  it('2,000 batches: ids in [0, vocab.size), one row per text, known tokens map back, maxLength holds', () => {
    fc.assert(
      fc.property(
        fc.array(text, { maxLength: 6 }),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        (texts, maxLength) => {
          const { ids, lengths } = encode(
            texts,
            vocab,
            maxLength === undefined ? {} : { maxLength },
          );
          expect(ids.length).toBe(texts.length);
          expect(lengths.length).toBe(texts.length);
          texts.forEach((t, d) => {
            const row = ids[d]!;
            const tokens = tokenize(t);
            const kept = Math.min(tokens.length, maxLength ?? Number.POSITIVE_INFINITY);
            expect(row.length).toBe(Math.max(kept, 1));
            expect(lengths[d]).toBe(row.length);
            if (kept === 0) expect(row[0]).toBe(UNK_INDEX);
            for (let i = 0; i < kept; i++) {
              const id = row[i]!;
              expect(id >= 0 && id < vocab.size).toBe(true);
              expect(id === UNK_INDEX || vocab.tokenAt(id) === tokens[i]).toBe(true);
            }
          });
        },
      ),
      { seed: SEED + 5, numRuns: 2_000 },
    );
  });
});
