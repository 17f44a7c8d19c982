import { describe, expect, it } from 'vitest';
import { resolveCacheDir } from './cache-dir';

describe('resolveCacheDir', () => {
  it('uses IMDB_RNN_CACHE when it is set', () => {
    expect(resolveCacheDir({ IMDB_RNN_CACHE: '/tmp/custom-cache' })).toBe('/tmp/custom-cache');
  });

  it('falls back to a per-user folder named imdb-rnn when the override is empty', () => {
    expect(resolveCacheDir({ IMDB_RNN_CACHE: '  ' })).toMatch(/imdb-rnn$/);
  });
});
