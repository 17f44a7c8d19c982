import { describe, expect, it } from 'vitest';
import { reviewSnippets } from './fixtures/review-snippets.js';
import { TOKENIZER_VERSION, tokenize } from './tokenize.js';

describe('tokenize on real IMDB review snippets', () => {
  for (const { file, text, tokens } of reviewSnippets) {
    it(`splits ${file}: ${text.slice(0, 40)}`, () => {
      expect(tokenize(text)).toEqual(tokens);
    });
  }
});

describe('tokenize rules', () => {
  it('turns every <br> variant into a separator', () => {
    expect(tokenize('one<br />two<BR/>three<br>four<br   />five')).toEqual([
      'one',
      'two',
      'three',
      'four',
      'five',
    ]);
  });

  it('maps apostrophe look-alikes to an ASCII apostrophe inside words', () => {
    for (const mark of ['\u2019', '\u2018', '\u00B4', '`', '\u02BC', '\uFF07']) {
      expect(tokenize(`Don${mark}t`)).toEqual(["don't"]);
    }
  });

  it('keeps only inner apostrophes in words', () => {
    expect(tokenize("'90s students' l'amour rock''n")).toEqual([
      "'",
      '90s',
      'students',
      "'",
      "l'amour",
      'rock',
      "'",
      "'",
      'n',
    ]);
  });

  it('makes composed and decomposed accents the same token (NFC)', () => {
    expect(tokenize('Ame\u0301lie')).toEqual(tokenize('Am\u00E9lie'));
    expect(tokenize('Ame\u0301lie')).toEqual(['am\u00E9lie']);
  });

  it('keeps letters and digits of any script together', () => {
    expect(tokenize('Кино 映画 ταινία 123٤٥')).toEqual(['кино', '映画', 'ταινία', '123٤٥']);
  });

  it('keeps an emoji with its variation selector or skin tone as one token', () => {
    expect(tokenize('love ❤️ it 👍🏽!')).toEqual(['love', '❤️', 'it', '👍🏽', '!']);
  });

  it('treats zero-width joiners, soft hyphens and control characters as separators', () => {
    expect(tokenize('👨\u200D👩 co\u00ADop a\u0000b')).toEqual(['👨', '👩', 'co', 'op', 'a', 'b']);
  });

  it('drops lone surrogates instead of throwing', () => {
    expect(tokenize('bad\uD800text \uDC00')).toEqual(['bad', 'text']);
  });

  it('returns no tokens for empty or blank text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' \n\t<br />')).toEqual([]);
  });

  it('rejects a non-string with an ArgumentError naming the argument', () => {
    expect(() => tokenize(null as unknown as string)).toThrow('text: expected a string, got null');
  });

  it('is at version 1', () => {
    expect(TOKENIZER_VERSION).toBe(1);
  });
});

describe('tokenize normalisation order', () => {
  // Found by the idempotence property: NFC maps GREEK VARIA (U+1FEF) to a backtick,
  // so apostrophes must be normalised after NFC, or a second pass would change them.
  it('normalises apostrophes that NFC produces', () => {
    expect(tokenize('\u1FEF')).toEqual(["'"]);
    expect(tokenize('a\u1FFDb')).toEqual(["a'b"]);
  });
});
