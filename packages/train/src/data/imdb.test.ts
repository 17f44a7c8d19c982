import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImdbDataError } from '../errors';
import { decodeReviewText, evenSubset, locateReview, ReviewCollector, readImdb } from './imdb';
import {
  type DatasetFiles,
  smallDataset,
  tarBytes,
  writeArchive,
  writeFolder,
} from './imdb.test-support';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imdb-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
const fresh = (name: string) => join(dir, `${counter++}-${name}`);

async function readError(source: string, options?: Parameters<typeof readImdb>[1]) {
  try {
    await readImdb(source, options);
  } catch (error) {
    return error as ImdbDataError;
  }
  throw new Error('readImdb succeeded where it should have failed');
}

/** The small dataset with one entry replaced or added. */
function withEntry(name: string, content: string | Uint8Array): DatasetFiles {
  return [...smallDataset(3).filter(([n]) => n !== name), [name, content]];
}

describe('readImdb on small generated sources', () => {
  it('reads a .tar.gz: both splits, sorted by label then id, non-reviews skipped', async () => {
    const archive = await writeArchive(fresh('a.tar.gz'), smallDataset(12));
    const { train, test } = await readImdb(archive);
    expect(train).toHaveLength(24);
    expect(test).toHaveLength(24);
    expect(train.slice(0, 3).map((r) => r.path)).toEqual([
      'aclImdb/train/neg/0_1.txt',
      'aclImdb/train/neg/1_2.txt',
      'aclImdb/train/neg/2_3.txt',
    ]);
    expect(train[12]).toEqual({
      id: 0,
      rating: 7,
      label: 1,
      text: 'train pos review 0: caf\u00e9 <br /><br />',
      path: 'aclImdb/train/pos/0_7.txt',
    });
    expect(test.every((r) => r.path.startsWith('aclImdb/test/'))).toBe(true);
    expect([...train, ...test].some((r) => r.path.includes('unsup'))).toBe(false);
  });

  it('gives the same reviews in the same order for a shuffled archive, a plain .tar and extracted folders', async () => {
    const files = smallDataset(8);
    const expected = await readImdb(await writeArchive(fresh('a.tar.gz'), files));
    const shuffled = [...files].reverse();
    shuffled.push(shuffled.splice(3, 1)[0]!);
    const folder = await writeFolder(fresh('extracted'), files);
    for (const source of [
      await writeArchive(fresh('shuffled.tar.gz'), shuffled),
      await writeArchive(fresh('plain.tar'), files, { gzip: false }),
      folder,
      join(folder, 'aclImdb'),
    ]) {
      expect(await readImdb(source)).toEqual(expected);
    }
  });

  it('reads only the requested splits', async () => {
    const archive = await writeArchive(fresh('a.tar.gz'), smallDataset(4));
    const { train, test } = await readImdb(archive, { splits: ['test'] });
    expect(train).toEqual([]);
    expect(test).toHaveLength(8);
  });

  it('keeps `limit` reviews per split and label, evenly spread and the same every time', async () => {
    const archive = await writeArchive(fresh('a.tar.gz'), smallDataset(10));
    const first = await readImdb(archive, { limit: 5 });
    expect(first.train.map((r) => `${r.label}:${r.id}`)).toEqual([
      '0:0',
      '0:2',
      '0:4',
      '0:6',
      '0:8',
      '1:0',
      '1:2',
      '1:4',
      '1:6',
      '1:8',
    ]);
    expect(first.test).toHaveLength(10);
    expect(await readImdb(archive, { limit: 5 })).toEqual(first);
  });

  it('reports progress up to the whole archive', async () => {
    const archive = await writeArchive(fresh('a.tar.gz'), smallDataset(5));
    const seen: { reviews: number; done: number; total: number; unit: string }[] = [];
    await readImdb(archive, { onProgress: (p) => seen.push(p) });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ reviews: 20, unit: 'bytes' });
    expect(last.done).toBe(last.total);
    expect(last.total).toBeGreaterThan(0);
  });

  it('reports progress over files for a folder', async () => {
    const folder = await writeFolder(fresh('extracted'), smallDataset(5));
    const seen: { reviews: number; done: number; total: number; unit: string }[] = [];
    await readImdb(folder, { onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ reviews: 20, done: 20, total: 20, unit: 'files' });
  });

  it('rejects bad options by name', async () => {
    const archive = await writeArchive(fresh('a.tar.gz'), smallDataset(2));
    await expect(readImdb(archive, { limit: 0 })).rejects.toThrow(/options\.limit/);
    await expect(readImdb(archive, { splits: [] })).rejects.toThrow(/options\.splits/);
    await expect(readImdb(archive, { splits: ['validation' as 'test'] })).rejects.toThrow(
      /options\.splits\[0\]: expected 'train' or 'test', got "validation"/,
    );
  });
});

describe('readImdb errors: one error naming the file and the problem', () => {
  it('a missing path', async () => {
    const missing = join(dir, 'nope', 'aclImdb_v1.tar.gz');
    const error = await readError(missing);
    expect(error).toBeInstanceOf(ImdbDataError);
    expect(error).toMatchObject({ code: 'IMDB_MISSING_PATH', file: missing });
    expect(error.message).toContain(`${missing}: no such file or folder`);
  });

  it('a .tar.gz cut short', async () => {
    const bytes = await tarBytes(smallDataset(20));
    const archive = fresh('truncated.tar.gz');
    await writeFile(archive, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await readError(archive);
    expect(error).toMatchObject({ code: 'IMDB_CORRUPT_ARCHIVE', file: archive });
    expect(error.message).toMatch(new RegExp(`^${escapeRegExp(archive)}: truncated archive`));
  });

  it('a plain .tar cut short inside an entry', async () => {
    const bytes = await tarBytes(smallDataset(20), { gzip: false });
    const archive = fresh('truncated.tar');
    // 512-byte header, then a cut inside the first entry's data block.
    await writeFile(archive, bytes.subarray(0, 512 * 7 + 100));
    const error = await readError(archive);
    expect(error).toMatchObject({ code: 'IMDB_CORRUPT_ARCHIVE', file: archive });
    expect(error.message).toContain('truncated archive');
  });

  it('a plain .tar cut between entries or missing its end-of-archive marker', async () => {
    const bytes = await tarBytes(smallDataset(20), { gzip: false });
    for (const length of [512 * 8, bytes.length - 1024]) {
      const archive = fresh('cut.tar');
      await writeFile(archive, bytes.subarray(0, length));
      const error = await readError(archive);
      expect(error).toMatchObject({ code: 'IMDB_CORRUPT_ARCHIVE', file: archive });
      expect(error.message).toContain('truncated archive: the tar stream stops without its end');
    }
  });

  it('gzip data that is corrupt', async () => {
    const bytes = new Uint8Array(await tarBytes(smallDataset(20)));
    for (let i = 200; i < 260; i++) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
    const archive = fresh('corrupt.tar.gz');
    await writeFile(archive, bytes);
    const error = await readError(archive);
    expect(error).toMatchObject({ code: 'IMDB_CORRUPT_ARCHIVE', file: archive });
  });

  it('a file that is not an archive', async () => {
    const archive = fresh('notes.tar.gz');
    await writeFile(archive, 'these are not the reviews you are looking for\n'.repeat(20));
    const error = await readError(archive);
    expect(error).toMatchObject({ code: 'IMDB_CORRUPT_ARCHIVE', file: archive });
    expect(error.message).toContain('not a valid tar archive');
  });

  it('a review that is not UTF-8, naming the archive entry', async () => {
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x21]);
    const archive = await writeArchive(
      fresh('a.tar.gz'),
      withEntry('aclImdb/test/neg/1_2.txt', latin1),
    );
    const error = await readError(archive);
    expect(error).toMatchObject({ code: 'IMDB_NOT_UTF8' });
    expect(error.message).toBe(
      `${archive} (entry aclImdb/test/neg/1_2.txt): not valid UTF-8 (first bad byte at offset 3: 0xe9)`,
    );
  });

  it('a review that is not UTF-8, naming the file in a folder', async () => {
    const folder = await writeFolder(
      fresh('extracted'),
      withEntry('aclImdb/train/pos/2_9.txt', new Uint8Array([0xff])),
    );
    const error = await readError(folder);
    expect(error).toMatchObject({
      code: 'IMDB_NOT_UTF8',
      file: join(folder, 'aclImdb', 'train', 'pos', '2_9.txt'),
    });
  });

  it('an empty review', async () => {
    const archive = await writeArchive(
      fresh('a.tar.gz'),
      withEntry('aclImdb/train/pos/1_8.txt', ''),
    );
    const error = await readError(archive);
    expect(error).toMatchObject({ code: 'IMDB_EMPTY_REVIEW' });
    expect(error.message).toBe(
      `${archive} (entry aclImdb/train/pos/1_8.txt): empty review (0 bytes)`,
    );
  });

  it('a missing split', async () => {
    const files = smallDataset(3).filter(([name]) => !name.startsWith('aclImdb/test/'));
    const archive = await writeArchive(fresh('a.tar.gz'), files);
    const error = await readError(archive);
    expect(error).toMatchObject({ code: 'IMDB_MISSING_SPLIT', file: archive });
    expect(error.message).toContain('no test split');
    // Asking only for the split that is there is fine.
    expect((await readImdb(archive, { splits: ['train'] })).train).toHaveLength(6);
  });

  it('a missing split in a folder, and a folder that is not the dataset', async () => {
    const files = smallDataset(3).filter(([name]) => !name.startsWith('aclImdb/train/'));
    const folder = await writeFolder(fresh('extracted'), files);
    expect(await readError(folder)).toMatchObject({ code: 'IMDB_MISSING_SPLIT', file: folder });
    const empty = await writeFolder(fresh('elsewhere'), [['notes.txt', 'hello']]);
    const error = await readError(empty);
    expect(error).toMatchObject({ code: 'IMDB_MISSING_SPLIT', file: empty });
    expect(error.message).toContain('no aclImdb/train or aclImdb/test folder');
  });

  it('a split with a label missing or short of files', async () => {
    const noNeg = smallDataset(3).filter(([name]) => !name.startsWith('aclImdb/train/neg/'));
    const error = await readError(await writeArchive(fresh('a.tar.gz'), noNeg));
    expect(error).toMatchObject({ code: 'IMDB_WRONG_COUNT' });
    expect(error.message).toContain('the train split has 3 positive and 0 negative reviews');
    const short = smallDataset(3).filter(([name]) => name !== 'aclImdb/test/pos/1_8.txt');
    expect(await readError(await writeArchive(fresh('a.tar.gz'), short))).toMatchObject({
      code: 'IMDB_WRONG_COUNT',
    });
  });

  it('a file in a label folder that is not a review', async () => {
    const archive = await writeArchive(
      fresh('a.tar.gz'),
      withEntry('aclImdb/train/neg/notes.txt', 'x'),
    );
    const error = await readError(archive);
    expect(error).toMatchObject({ code: 'IMDB_BAD_ENTRY' });
    expect(error.message).toContain(`${archive} (entry aclImdb/train/neg/notes.txt)`);
  });

  it('writes nothing next to the source', async () => {
    const folder = await writeFolder(fresh('extracted'), smallDataset(2));
    const archive = await writeArchive(
      join(folder, 'a.tar.gz'),
      withEntry('aclImdb/test/pos/0_7.txt', ''),
    );
    await readError(archive);
    expect((await readdir(folder)).sort()).toEqual(['a.tar.gz', 'aclImdb']);
  });
});

const data = process.env.IMDB_RNN_DATA;

describe('readImdb on the labelled IMDB archive (IMDB_RNN_DATA)', () => {
  it.skipIf(!data)(
    'reads 25,000 train and 25,000 test reviews, balanced, sorted, ratings fitting labels',
    async () => {
      const { train, test } = await readImdb(data!);
      for (const [split, reviews] of [
        ['train', train],
        ['test', test],
      ] as const) {
        expect(reviews).toHaveLength(25_000);
        expect(reviews.filter((r) => r.label === 1)).toHaveLength(12_500);
        expect(reviews[0]!.path).toMatch(new RegExp(`^aclImdb/${split}/neg/0_\\d+\\.txt$`));
        expect(reviews[12_500]!.path).toMatch(new RegExp(`^aclImdb/${split}/pos/0_\\d+\\.txt$`));
        for (let i = 1; i < reviews.length; i++) {
          const [a, b] = [reviews[i - 1]!, reviews[i]!];
          expect(a.label < b.label || (a.label === b.label && a.id < b.id)).toBe(true);
        }
        expect(reviews.every((r) => r.text.trim().length > 0)).toBe(true);
        expect(reviews.every((r) => (r.label === 1 ? r.rating >= 7 : r.rating <= 4))).toBe(true);
      }
    },
    120_000,
  );

  it.skipIf(!data)(
    'with a limit, returns an evenly spread subset of ids, the same each time',
    async () => {
      const first = await readImdb(data!, { limit: 100, splits: ['train'] });
      expect(first.train).toHaveLength(200);
      expect(first.test).toEqual([]);
      const posIds = first.train.filter((r) => r.label === 1).map((r) => r.id);
      expect(posIds[0]).toBe(0);
      expect(posIds.at(-1)).toBe(12_375);
      const again = await readImdb(data!, { limit: 100, splits: ['train'] });
      expect(again.train.map((r) => r.path)).toEqual(first.train.map((r) => r.path));
    },
    120_000,
  );
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

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

function add(collector: ReviewCollector, path: string): void {
  collector.add(locateReview(path, path)!, `text of ${path}`, path);
}

describe('ReviewCollector', () => {
  it('returns each split sorted by label then id, whatever the order of arrival', () => {
    const collector = new ReviewCollector('src');
    for (const path of [
      'aclImdb/train/pos/10_9.txt',
      'aclImdb/train/neg/2_1.txt',
      'aclImdb/train/pos/9_7.txt',
      'aclImdb/train/neg/11_4.txt',
    ]) {
      add(collector, path);
    }
    const { train, test } = collector.finish(['train']);
    expect(train.map((r) => r.path)).toEqual([
      'aclImdb/train/neg/2_1.txt',
      'aclImdb/train/neg/11_4.txt',
      'aclImdb/train/pos/9_7.txt',
      'aclImdb/train/pos/10_9.txt',
    ]);
    expect(train[0]).toEqual({
      id: 2,
      rating: 1,
      label: 0,
      text: 'text of aclImdb/train/neg/2_1.txt',
      path: 'aclImdb/train/neg/2_1.txt',
    });
    expect(test).toEqual([]);
  });

  it('rejects two reviews with one id in the same split and label', () => {
    const collector = new ReviewCollector('src');
    add(collector, 'aclImdb/train/pos/1_9.txt');
    expect(() => add(collector, 'aclImdb/train/pos/1_8.txt')).toThrow(
      'aclImdb/train/pos/1_8.txt: a second review with id 1 in train/pos',
    );
  });

  it('reports a requested split with no reviews', () => {
    const collector = new ReviewCollector('data.tar.gz');
    add(collector, 'aclImdb/train/pos/1_9.txt');
    add(collector, 'aclImdb/train/neg/1_2.txt');
    expect(() => collector.finish(['train', 'test'])).toThrow(
      /^data\.tar\.gz: no test split: nothing under aclImdb\/test\/pos\/ or aclImdb\/test\/neg\/$/,
    );
  });

  it('reports a split whose labels do not balance', () => {
    const collector = new ReviewCollector('data.tar.gz');
    add(collector, 'aclImdb/test/pos/1_9.txt');
    add(collector, 'aclImdb/test/pos/2_9.txt');
    add(collector, 'aclImdb/test/neg/1_2.txt');
    expect(() => collector.finish(['test'])).toThrow(
      /data\.tar\.gz: the test split has 2 positive and 1 negative reviews/,
    );
  });
});

describe('evenSubset', () => {
  it('spreads the picks over the whole list, first item included', () => {
    expect(evenSubset([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 2, 5, 7]);
  });

  it('returns everything when the limit is absent or not smaller than the list', () => {
    expect(evenSubset([1, 2, 3])).toEqual([1, 2, 3]);
    expect(evenSubset([1, 2, 3], 5)).toEqual([1, 2, 3]);
  });
});
