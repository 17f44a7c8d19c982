import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImdbRnnError } from '@imdb-rnn/core';
import { afterAll, describe, expect, it } from 'vitest';
import { VectorsError } from '../errors';
import { loadEmbeddings } from './glove';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function setup(content: string) {
  const dir = mkdtempSync(join(tmpdir(), 'glove-load-'));
  dirs.push(dir);
  const path = join(dir, 'glove.test.3d.txt');
  writeFileSync(path, content);
  return { path, cacheDir: join(dir, 'cache') };
}

const GLOVE = '<unk> 9 9 9\nthe 0.1 0.2 0.3\n<pad> 8 8 8\nmovie 1 2 3\nbad -1 -2 -3\n';
const VOCAB = ['<unk>', '<pad>', 'the', 'movie', 'unseen', 'bad'];

describe('loadEmbeddings from a GloVe text file', () => {
  it('returns a [vocab, dim] matrix in vocabulary order; <unk>, <pad> and unknown rows are zero', async () => {
    const { path, cacheDir } = setup(GLOVE);
    const result = await loadEmbeddings(VOCAB, { source: path, dimension: 3, cacheDir });
    expect(result.fromCache).toBe(false);
    expect(result.found).toBe(3);
    expect(result.source).toBe(path);
    expect(Array.from(result.matrix)).toEqual(
      [0, 0, 0, 0, 0, 0, 0.1, 0.2, 0.3, 1, 2, 3, 0, 0, 0, -1, -2, -3].map(Math.fround),
    );
  });

  it('caches the rows: the second load reads the cache and returns the same matrix', async () => {
    const { path, cacheDir } = setup(GLOVE);
    const first = await loadEmbeddings(VOCAB, { source: path, dimension: 3, cacheDir });
    const second = await loadEmbeddings(VOCAB, { source: path, dimension: 3, cacheDir });
    expect(second.fromCache).toBe(true);
    expect(second.found).toBe(first.found);
    expect(second.matrix).toEqual(first.matrix);
    const files = readdirSync(join(cacheDir, 'vectors'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{32}\.bin$/);
  });

  it('misses the cache when the vocabulary or the file changes', async () => {
    const { path, cacheDir } = setup(GLOVE);
    await loadEmbeddings(VOCAB, { source: path, dimension: 3, cacheDir });
    const otherVocab = await loadEmbeddings([...VOCAB, 'extra'], {
      source: path,
      dimension: 3,
      cacheDir,
    });
    expect(otherVocab.fromCache).toBe(false);
    writeFileSync(path, GLOVE.replace('movie 1 2 3', 'movie 4 5 6'));
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const changed = await loadEmbeddings(VOCAB, { source: path, dimension: 3, cacheDir });
    expect(changed.fromCache).toBe(false);
    expect(Array.from(changed.matrix.subarray(9, 12))).toEqual([4, 5, 6]);
  });

  it('rebuilds a corrupt cache file instead of failing', async () => {
    const { path, cacheDir } = setup(GLOVE);
    await loadEmbeddings(VOCAB, { source: path, dimension: 3, cacheDir });
    const [name] = readdirSync(join(cacheDir, 'vectors'));
    writeFileSync(join(cacheDir, 'vectors', name!), 'not a cache');
    const rebuilt = await loadEmbeddings(VOCAB, { source: path, dimension: 3, cacheDir });
    expect(rebuilt.fromCache).toBe(false);
    expect(rebuilt.found).toBe(3);
    expect((await loadEmbeddings(VOCAB, { source: path, dimension: 3, cacheDir })).fromCache).toBe(
      true,
    );
  });

  it('refuses a 3-dimensional file when 100 dimensions are asked for (the default)', async () => {
    const { path, cacheDir } = setup(GLOVE);
    await expect(loadEmbeddings(VOCAB, { source: path, cacheDir })).rejects.toThrowError(
      `${path}:1: "<unk>" has 3 values, expected 100`,
    );
  });

  it('names a missing vectors file', async () => {
    const { cacheDir } = setup(GLOVE);
    const missing = join(cacheDir, 'nope', 'glove.6B.100d.txt');
    const error = await loadEmbeddings(VOCAB, { source: missing, cacheDir }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VectorsError);
    expect(error).toBeInstanceOf(ImdbRnnError);
    expect((error as VectorsError).code).toBe('VECTORS_MISSING_FILE');
    expect((error as Error).message).toBe(`${missing}: no such vectors file`);
  });
});
