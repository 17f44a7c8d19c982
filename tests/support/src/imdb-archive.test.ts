/// <reference types="node" />
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { imdbDataPath, type Review, readImdbReviews } from './imdb-archive.js';

// A review file name past ustar's 100-byte name field: tar-stream's pack writes
// it with a pax header, which the reader has to follow.
const LONG = `${'9'.repeat(120)}_8.txt`;

const REVIEWS: Record<string, string> = {
  'aclImdb/train/pos/0_9.txt': 'A delight from start to finish.',
  'aclImdb/train/neg/1_2.txt': 'Dull. <br /><br />Skip it.',
  'aclImdb/test/pos/2_10.txt': 'Amélie-like charm, naïve and 😀 sweet.',
  'aclImdb/test/neg/3_1.txt': 'Not even the score saves it.',
  [`aclImdb/train/pos/${LONG}`]: 'A review whose file name needs a long-name header.',
};

// Files in the archive that are not labelled reviews and must be skipped.
const OTHERS: Record<string, string> = {
  'aclImdb/README': 'Large Movie Review Dataset v1.0',
  'aclImdb/imdb.vocab': 'the\nand\n',
  'aclImdb/train/unsup/4_0.txt': 'An unlabelled review.',
  'aclImdb/train/urls_pos.txt': 'http://www.imdb.com/title/tt0453418/usercomments',
};

const EXPECTED: Review[] = [
  { path: 'test/neg/3_1.txt', label: 0, text: 'Not even the score saves it.' },
  { path: 'test/pos/2_10.txt', label: 1, text: 'Amélie-like charm, naïve and 😀 sweet.' },
  { path: 'train/neg/1_2.txt', label: 0, text: 'Dull. <br /><br />Skip it.' },
  { path: 'train/pos/0_9.txt', label: 1, text: 'A delight from start to finish.' },
  {
    path: `train/pos/${LONG}`,
    label: 1,
    text: 'A review whose file name needs a long-name header.',
  },
];

async function tarBytes(files: Record<string, string>): Promise<Buffer> {
  const tar = pack();
  tar.entry({ name: 'aclImdb/', type: 'directory' });
  for (const [name, text] of Object.entries(files)) tar.entry({ name }, text);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('readImdbReviews', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'imdb-archive-test-'));
    const tar = await tarBytes({ ...OTHERS, ...REVIEWS });
    writeFileSync(join(dir, 'aclImdb.tar'), tar);
    writeFileSync(join(dir, 'aclImdb.tar.gz'), gzipSync(tar));
    for (const [name, text] of Object.entries({ ...OTHERS, ...REVIEWS })) {
      const file = join(dir, 'extracted', name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    mkdirSync(join(dir, 'extracted', 'aclImdb', 'test', 'unsup'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has a file name longer than the ustar name field', () => {
    expect(`aclImdb/train/pos/${LONG}`.length).toBeGreaterThan(100);
  });

  it('reads the labelled reviews of a .tar.gz, in path order', async () => {
    expect(await readImdbReviews(join(dir, 'aclImdb.tar.gz'))).toEqual(EXPECTED);
  });

  it('reads a plain .tar alike', async () => {
    expect(await readImdbReviews(join(dir, 'aclImdb.tar'))).toEqual(EXPECTED);
  });

  it('reads the folder holding aclImdb/ and aclImdb/ itself alike', async () => {
    expect(await readImdbReviews(join(dir, 'extracted'))).toEqual(EXPECTED);
    expect(await readImdbReviews(join(dir, 'extracted', 'aclImdb'))).toEqual(EXPECTED);
  });

  it('rejects a gzip stream cut short', async () => {
    const whole = gzipSync(await tarBytes(REVIEWS));
    const cut = join(dir, 'cut.tar.gz');
    writeFileSync(cut, whole.subarray(0, whole.length - 40));
    await expect(readImdbReviews(cut)).rejects.toThrow(/unexpected end of file/i);
  });

  it('rejects a missing path', async () => {
    await expect(readImdbReviews(join(dir, 'nowhere.tar.gz'))).rejects.toThrow(/ENOENT/);
  });
});

describe('imdbDataPath', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is IMDB_RNN_DATA when that path exists', () => {
    vi.stubEnv('IMDB_RNN_DATA', tmpdir());
    expect(imdbDataPath()).toBe(tmpdir());
  });

  it('is undefined off CI when unset or missing, so the test skips', () => {
    vi.stubEnv('CI', '');
    vi.stubEnv('IMDB_RNN_DATA', undefined);
    expect(imdbDataPath()).toBeUndefined();
    vi.stubEnv('IMDB_RNN_DATA', join(tmpdir(), 'no-such-archive.tar.gz'));
    expect(imdbDataPath()).toBeUndefined();
  });

  it('throws on CI when the archive is missing, naming the path', () => {
    vi.stubEnv('CI', 'true');
    vi.stubEnv('IMDB_RNN_DATA', join(tmpdir(), 'no-such-archive.tar.gz'));
    expect(() => imdbDataPath()).toThrow(
      /no-such-archive\.tar\.gz.*must point at the IMDB archive in CI/,
    );
  });
});
