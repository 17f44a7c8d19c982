import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImdb } from './imdb';
import { smallDataset, tarBytes } from './imdb.test-support';
import { resolveImdbSource } from './imdb-source';

let dir: string;
let archive: Uint8Array;
let sha256: string;
let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imdb-resolve-'));
  archive = await tarBytes(smallDataset(3));
  sha256 = createHash('sha256').update(archive).digest('hex');
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(200, { 'content-length': archive.length });
    response.end(archive);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
const fresh = async (name: string) => {
  const path = join(dir, `${counter++}-${name}`);
  await mkdir(path, { recursive: true });
  return path;
};

/** A fetch that must not be called: the source is found before any download. */
const noFetch = async (): Promise<Response> => {
  throw new Error('fetch should not be called');
};

describe('resolveImdbSource', () => {
  it('uses --data first, even when IMDB_RNN_DATA and the cache are set', async () => {
    const data = await fresh('data');
    const env = { IMDB_RNN_DATA: await fresh('env') };
    const cacheDir = await fresh('cache');
    await writeFile(join(cacheDir, 'aclImdb_v1.tar.gz'), archive);
    expect(await resolveImdbSource({ data, env, cacheDir, download: { fetch: noFetch } })).toBe(
      data,
    );
  });

  it('uses IMDB_RNN_DATA when there is no --data', async () => {
    const fromEnv = await fresh('env');
    const source = await resolveImdbSource({
      env: { IMDB_RNN_DATA: fromEnv },
      cacheDir: await fresh('cache'),
      download: { fetch: noFetch },
    });
    expect(source).toBe(fromEnv);
  });

  it('refuses a --data or IMDB_RNN_DATA path that does not exist instead of falling back', async () => {
    const missing = join(dir, 'missing.tar.gz');
    const cacheDir = await fresh('cache');
    await writeFile(join(cacheDir, 'aclImdb_v1.tar.gz'), archive);
    await expect(resolveImdbSource({ data: missing, cacheDir })).rejects.toThrow(
      `${missing}: no such file or folder (given as --data;`,
    );
    await expect(
      resolveImdbSource({ env: { IMDB_RNN_DATA: missing }, cacheDir }),
    ).rejects.toMatchObject({
      code: 'IMDB_MISSING_PATH',
      message: expect.stringContaining('(from IMDB_RNN_DATA;'),
    });
  });

  it('uses the cached archive when nothing is given, without downloading', async () => {
    const cacheDir = await fresh('cache');
    await writeFile(join(cacheDir, 'aclImdb_v1.tar.gz'), archive);
    const source = await resolveImdbSource({
      env: { IMDB_RNN_DATA: '' },
      cacheDir,
      download: { fetch: noFetch },
    });
    expect(source).toBe(join(cacheDir, 'aclImdb_v1.tar.gz'));
  });

  it('takes the cache folder from IMDB_RNN_CACHE when no cacheDir is given', async () => {
    const cacheDir = await fresh('cache');
    await writeFile(join(cacheDir, 'aclImdb_v1.tar.gz'), archive);
    const source = await resolveImdbSource({
      env: { IMDB_RNN_CACHE: cacheDir },
      download: { fetch: noFetch },
    });
    expect(source).toBe(join(cacheDir, 'aclImdb_v1.tar.gz'));
  });

  it('downloads into the cache once, and the result reads as the dataset', async () => {
    const cacheDir = join(await fresh('cache'), 'not-yet-created');
    const before = requests.length;
    const seen: number[] = [];
    const options = {
      env: {},
      cacheDir,
      download: { url: `${base}/aclImdb_v1.tar.gz`, sha256 },
      onProgress: (p: { received: number }) => seen.push(p.received),
    };
    const source = await resolveImdbSource(options);
    expect(source).toBe(join(cacheDir, 'aclImdb_v1.tar.gz'));
    expect(requests.slice(before)).toEqual(['/aclImdb_v1.tar.gz']);
    expect(seen.at(-1)).toBe(archive.length);
    const { train, test } = await readImdb(source);
    expect([train.length, test.length]).toEqual([6, 6]);
    expect(await resolveImdbSource(options)).toBe(source);
    expect(requests.length).toBe(before + 1);
  });

  it('leaves the cache empty when the download does not match the checksum', async () => {
    const cacheDir = await fresh('cache');
    await expect(
      resolveImdbSource({
        env: {},
        cacheDir,
        download: { url: `${base}/aclImdb_v1.tar.gz`, sha256: '0'.repeat(64) },
        onProgress: () => {},
      }),
    ).rejects.toMatchObject({ code: 'DOWNLOAD_CHECKSUM_MISMATCH' });
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('checks a download from the default URL against the published size and hash', async () => {
    const cacheDir = await fresh('cache');
    const urls: string[] = [];
    await expect(
      resolveImdbSource({
        env: {},
        cacheDir,
        download: {
          fetch: async (input) => {
            urls.push(String(input));
            return new Response(archive);
          },
        },
        onProgress: () => {},
      }),
    ).rejects.toMatchObject({
      code: 'DOWNLOAD_SIZE_MISMATCH',
      message: expect.stringContaining('expected 84125825'),
    });
    expect(urls).toEqual(['https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz']);
    expect(await readdir(cacheDir)).toEqual([]);
  });
});
