import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VectorsError } from '../errors';
import { readWinkVectors } from './glove-wink';

const dir = mkdtempSync(join(tmpdir(), 'glove-wink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCounter = 0;
function winkFile(content: string): string {
  fileCounter += 1;
  const path = join(dir, `wink-${fileCounter}.json`);
  writeFileSync(path, content);
  return path;
}

/** A wink-format file with 3-dimensional vectors (plus norm and index, as wink stores them). */
function winkJson(vectors: Record<string, number[]>, dimensions = 3): string {
  return JSON.stringify({
    precision: 8,
    l2NormIndex: dimensions,
    wordIndex: dimensions + 1,
    size: Object.keys(vectors).length,
    dimensions,
    words: Object.keys(vectors),
    vectors,
    unkVector: new Array(dimensions + 2).fill(0),
  });
}

function target(words: string[], dimension = 3) {
  return {
    rows: new Map(words.map((w, i) => [w, i])),
    matrix: new Float32Array(words.length * dimension),
    dimension,
  };
}

const sample = {
  the: [0.1, -0.2, 0.3, 0.37, 0],
  '"': [1, 2, 3, 3.7, 1],
  '\\': [-1, -2, -3.5, 4.3, 2],
  vectors: [7, 8, 9, 13.9, 3], // the word "vectors" must not confuse the scanner
  café: [4e-3, 5e3, -6e-1, 5000, 4],
  movie: [0.5, 0.25, 0.125, 0.57, 5],
};

describe('readWinkVectors', () => {
  it('fills only the wanted rows, including escaped and non-ASCII words, at any read size', async () => {
    const path = winkFile(winkJson(sample));
    for (const chunkBytes of [1, 2, 3, 5, 7, 64, 4 << 20]) {
      const t = target(['movie', '"', 'absent', '\\', 'café', 'vectors']);
      const found = await readWinkVectors(path, t, chunkBytes);
      expect(found, `chunkBytes ${chunkBytes}`).toBe(5);
      expect(Array.from(t.matrix)).toEqual(
        [
          [0.5, 0.25, 0.125],
          [1, 2, 3],
          [0, 0, 0],
          [-1, -2, -3.5],
          [4e-3, 5e3, -6e-1],
          [7, 8, 9],
        ]
          .flat()
          .map(Math.fround),
      );
    }
  });

  it('accepts whitespace between tokens', async () => {
    const path = winkFile(
      '{"precision":8,"dimensions":3,"words":["the"],"vectors": { "the" : [ 1 , 2 , 3 , 4 , 0 ] } }',
    );
    const t = target(['the']);
    expect(await readWinkVectors(path, t)).toBe(1);
    expect(Array.from(t.matrix)).toEqual([1, 2, 3]);
  });

  it('refuses a file whose header declares another dimension, naming both', async () => {
    const path = winkFile(winkJson(sample));
    const error = await readWinkVectors(path, target(['the'], 100)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VectorsError);
    expect((error as VectorsError).code).toBe('VECTORS_WRONG_DIMENSION');
    expect((error as Error).message).toBe(`${path}: has 3-dimensional vectors, 100 were asked for`);
  });

  it('names the word and byte offset of a non-numeric value', async () => {
    const json = winkJson({ the: [0.1, 0.2, 0.3, 1, 0] }).replace('0.2', '0.2x');
    const path = winkFile(json);
    await expect(readWinkVectors(path, target(['the']))).rejects.toThrowError(
      new RegExp(
        `${path} at byte ${json.indexOf('0.2x') + 4}: value "0.2x" in the vector of "the"`,
      ),
    );
  });

  it('rejects a wanted vector shorter than the dimension', async () => {
    const path = winkFile(winkJson(sample).replace('[0.1,-0.2,0.3,0.37,0]', '[0.1,-0.2]'));
    await expect(readWinkVectors(path, target(['the']))).rejects.toThrowError(
      /the vector of "the" has 2 values, expected at least 3/,
    );
  });

  it('rejects files that are not wink embeddings or are cut short', async () => {
    const notWink = winkFile('{"hello": 1}');
    await expect(readWinkVectors(notWink, target(['the']))).rejects.toThrowError(
      /expected a wink embeddings header/,
    );
    const full = winkJson(sample);
    const truncated = winkFile(full.slice(0, full.lastIndexOf('"movie"') + 12));
    await expect(readWinkVectors(truncated, target(['the']))).rejects.toThrowError(
      /file ends inside "vectors"/,
    );
    const noColon = winkFile(winkJson({ the: [1, 2, 3, 4, 0] }).replace('"the":[', '"the" [1'));
    await expect(readWinkVectors(noColon, target(['the']))).rejects.toThrowError(
      /expected ':' after "the"/,
    );
  });
});
