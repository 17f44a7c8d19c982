import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.js';

// Any code point, plus lone surrogates and the fragments the rules single out,
// so generated strings hit the interesting paths often rather than by luck.
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "'",
      '’',
      '`',
      '´',
      '<br />',
      '<BR>',
      ' ',
      'e\u0301',
      'İ',
      'Σ',
      '👍🏽',
      '\u200D',
      '...',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 8 }) },
);
const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

describe('tokenize properties over arbitrary Unicode', () => {
  it('never throws and never yields an empty token', () => {
    fc.assert(
      fc.property(text, (s) => {
        for (const token of tokenize(s)) expect(token.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('never yields a token containing whitespace', () => {
    fc.assert(
      fc.property(text, (s) => {
        for (const token of tokenize(s)) expect(/\s/u.test(token)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent on its space-joined output', () => {
    fc.assert(
      fc.property(text, (s) => {
        const tokens = tokenize(s);
        expect(tokenize(tokens.join(' '))).toEqual(tokens);
      }),
      { numRuns: 2000 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(tokenize(s)).toEqual(tokenize(s));
      }),
      { numRuns: 300 },
    );
  });
});

describe('tokenize on every code point', () => {
  it('is idempotent and yields no empty token for each code point between letters', () => {
    const failures: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const tokens = tokenize(`a${String.fromCodePoint(cp)}b`);
      const again = tokenize(tokens.join(' '));
      const same = again.length === tokens.length && again.every((t, i) => t === tokens[i]);
      if (!same || tokens.some((t) => t.length === 0)) failures.push(cp.toString(16));
    }
    expect(failures).toEqual([]);
  });
});
