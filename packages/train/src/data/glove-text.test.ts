import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VectorsError } from '../errors';
import { readGloveText } from './glove-text';

const dir = mkdtempSync(join(tmpdir(), 'glove-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
function gloveFile(content: string): string {
  counter += 1;
  const path = join(dir, `glove-${counter}.txt`);
  writeFileSync(path, content);
  return path;
}

function target(words: string[], dimension = 3) {
  return {
    rows: new Map(words.map((w, i) => [w, i])),
    matrix: new Float32Array(words.length * dimension),
    dimension,
  };
}

describe('readGloveText', () => {
  it('fills the wanted rows from "word v1 v2 v3" lines and counts them', async () => {
    const path = gloveFile('the 0.1 0.2 0.3\n, 1 2 3\nmovie -1e-2 5 -0.5\ngreat 7 8 9\n');
    const t = target(['movie', 'missing', 'the']);
    expect(await readGloveText(path, t)).toBe(2);
    expect(Array.from(t.matrix)).toEqual([-1e-2, 5, -0.5, 0, 0, 0, 0.1, 0.2, 0.3].map(Math.fround));
  });

  it('handles CRLF, a BOM, a word2vec header, blank lines and duplicate words (first wins)', async () => {
    const path = gloveFile('\uFEFF2 3\r\nthe 1 2 3\r\n\r\nthe 9 9 9\r\nfilm 4 5 6\r\n');
    const t = target(['the', 'film']);
    expect(await readGloveText(path, t)).toBe(2);
    expect(Array.from(t.matrix)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('skips multi-word entries, as glove.840B has', async () => {
    const path = gloveFile('the 1 2 3\nat name@domain.com 7 7 7\nat 4 5 6\n');
    const t = target(['at']);
    expect(await readGloveText(path, t)).toBe(1);
    expect(Array.from(t.matrix)).toEqual([4, 5, 6]);
  });

  it('refuses a file of another dimension at line 1, naming file, line and counts', async () => {
    const path = gloveFile('the 0.1 0.2\nmovie 1 2\n');
    const error = await readGloveText(path, target(['movie'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VectorsError);
    expect((error as VectorsError).code).toBe('VECTORS_WRONG_DIMENSION');
    expect((error as Error).message).toBe(`${path}:1: "the" has 2 values, expected 3`);
    const wider = gloveFile('the 1 2 3 4\n');
    await expect(readGloveText(wider, target(['x']))).rejects.toThrowError(
      `${wider}:1: "the" has 4 values, expected 3`,
    );
  });

  it('names the line, word and value of a non-numeric value', async () => {
    const path = gloveFile('the 1 2 3\nmovie 1 two 3\n');
    const error = await readGloveText(path, target(['movie'])).catch((e: unknown) => e);
    expect((error as VectorsError).code).toBe('VECTORS_NON_NUMERIC');
    expect((error as Error).message).toBe(`${path}:2: value 2 of "movie" is "two", not a number`);
    const doubleSpace = gloveFile('movie 1  3\n');
    await expect(readGloveText(doubleSpace, target(['movie']))).rejects.toThrowError(
      /:1: value 2 of "movie" is "", not a number/,
    );
  });

  it('names the line of a malformed line (no values)', async () => {
    const path = gloveFile('the 1 2 3\njustaword\n');
    const error = await readGloveText(path, target(['the'])).catch((e: unknown) => e);
    expect((error as VectorsError).code).toBe('VECTORS_MALFORMED');
    expect((error as Error).message).toMatch(new RegExp(`^${path}:2: expected "word v1 ... v3"`));
  });
});
