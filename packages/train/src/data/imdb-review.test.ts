import { describe, expect, it } from 'vitest';
import { ImdbDataError } from '../errors';
import { decodeReviewText, locateReview } from './imdb-review';

describe('locateReview', () => {
  it('reads split, label, id and rating from an official path', () => {
    expect(locateReview('aclImdb/train/pos/10_9.txt', 'x')).toEqual({
      split: 'train',
      label: 1,
      id: 10,
      rating: 9,
      path: 'aclImdb/train/pos/10_9.txt',
    });
    expect(locateReview('./aclImdb/test/neg/3_1.txt', 'x')).toMatchObject({
      split: 'test',
      label: 0,
      path: 'aclImdb/test/neg/3_1.txt',
    });
  });

  it('skips what the official archive holds besides labelled reviews', () => {
    for (const path of [
      'aclImdb/README',
      'aclImdb/imdb.vocab',
      'aclImdb/imdbEr.txt',
      'aclImdb/train/labeledBow.feat',
      'aclImdb/train/urls_pos.txt',
      'aclImdb/train/unsup/12_0.txt',
      'aclImdb/train/pos/._0_9.txt',
      'aclImdb/train/pos/',
    ]) {
      expect(locateReview(path, path)).toBeUndefined();
    }
  });

  it('rejects a file in pos/ or neg/ that is not named <id>_<rating>.txt, naming it', () => {
    expect(() => locateReview('aclImdb/train/pos/notes.txt', 'A.tar.gz (entry x)')).toThrow(
      /^A\.tar\.gz \(entry x\): expected a review file named <id>_<rating>\.txt in pos\/, got "notes\.txt"$/,
    );
  });

  it('rejects a rating that contradicts its folder', () => {
    const error = (() => {
      try {
        locateReview('aclImdb/test/neg/5_8.txt', 'f');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ImdbDataError);
    expect(error).toMatchObject({ code: 'IMDB_BAD_ENTRY', file: 'f' });
    expect((error as Error).message).toMatch(
      /rating 8 does not fit the neg\/ folder \(1-4 stars\)/,
    );
    expect(() => locateReview('aclImdb/test/pos/5_5.txt', 'f')).toThrow(/7-10 stars/);
  });
});

describe('decodeReviewText', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it('decodes UTF-8, keeping the text as written', () => {
    expect(decodeReviewText(utf8('Caf\u00e9 <br />great'), 'f')).toBe('Caf\u00e9 <br />great');
  });

  it('rejects invalid UTF-8 with the file and the offset of the bad byte', () => {
    const bytes = new Uint8Array([...utf8('ok caf'), 0xe9, ...utf8(' latin-1')]);
    expect(() => decodeReviewText(bytes, 'a.tar.gz (entry r.txt)')).toThrow(
      'a.tar.gz (entry r.txt): not valid UTF-8 (first bad byte at offset 6: 0xe9)',
    );
    try {
      decodeReviewText(bytes, 'f');
    } catch (error) {
      expect(error).toMatchObject({ code: 'IMDB_NOT_UTF8', file: 'f' });
    }
  });

  it('points at a stray byte after a complete multi-byte character', () => {
    const bytes = new Uint8Array([...utf8('\u00e9'), 0xff, ...utf8('x')]);
    expect(() => decodeReviewText(bytes, 'f')).toThrow(/offset 2: 0xff/);
  });

  it('points at the start of a character cut short at the end', () => {
    const bytes = new Uint8Array([...utf8('abc'), 0xe2, 0x82]);
    expect(() => decodeReviewText(bytes, 'f')).toThrow(/offset 3: 0xe2/);
  });

  it('rejects an empty or whitespace-only review', () => {
    expect(() => decodeReviewText(new Uint8Array(0), 'f')).toThrow('f: empty review (0 bytes)');
    expect(() => decodeReviewText(utf8(' \n\t'), 'f')).toThrow('f: empty review (whitespace only)');
  });
});
