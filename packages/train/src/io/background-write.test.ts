import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundWriter } from './background-write';

const writers: BackgroundWriter[] = [];
function writer(): BackgroundWriter {
  const w = new BackgroundWriter();
  writers.push(w);
  return w;
}
afterEach(async () => {
  await Promise.all(writers.splice(0).map((w) => w.close()));
});

const freshDir = () => mkdtemp(join(tmpdir(), 'imdb-rnn-background-'));

/** `length` bytes of a pattern that differs per `seed`, so a mix of two writes shows. */
function pattern(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

describe('BackgroundWriter', { timeout: 30_000 }, () => {
  it('replaces a file with exactly the new bytes; readers meanwhile see the old or the new file whole', async () => {
    const dir = await freshDir();
    const path = join(dir, 'run.ckpt');
    const old = pattern(24 << 20, 1);
    const next = pattern(24 << 20, 2);
    await writeFile(path, old);
    const w = writer();
    w.start(path, next.slice());
    let done = false;
    const landed = w.settled().finally(() => {
      done = true;
    });
    const seen = new Set<string>();
    while (!done) {
      const now = readFileSync(path);
      seen.add(
        Buffer.compare(now, old) === 0
          ? 'old'
          : Buffer.compare(now, next) === 0
            ? 'new'
            : `torn (${now.length} bytes)`,
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    await landed;
    expect([...seen].filter((s) => s !== 'old' && s !== 'new')).toEqual([]);
    expect(Buffer.compare(await readFile(path), next)).toBe(0);
    expect(await readdir(dir)).toEqual(['run.ckpt']);
  });

  it('writes only the bytes of a view into a larger buffer, creating missing folders', async () => {
    const dir = await freshDir();
    const path = join(dir, 'a', 'b', 'out.bin');
    const w = writer();
    w.start(path, new Uint8Array([9, 9, 1, 2, 3, 9]).subarray(2, 5));
    await w.settled();
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
  });

  it('hands the written buffer back once the write settles, for the next file', async () => {
    const dir = await freshDir();
    const w = writer();
    const buffer = new ArrayBuffer(16);
    new Uint8Array(buffer).set([5, 6, 7, 8]);
    w.start(join(dir, 'one.bin'), new Uint8Array(buffer, 0, 4));
    expect(buffer.byteLength).toBe(0); // transferred, not copied
    expect(w.takeBuffer()).toBeUndefined(); // still in flight
    await w.settled();
    const back = w.takeBuffer()!;
    expect(back.byteLength).toBe(16);
    expect(w.takeBuffer()).toBeUndefined();
    const next = new Uint8Array(back, 2, 3);
    next.set([1, 2, 3]);
    w.start(join(dir, 'two.bin'), next);
    await w.settled();
    expect([...(await readFile(join(dir, 'one.bin')))]).toEqual([5, 6, 7, 8]);
    expect([...(await readFile(join(dir, 'two.bin')))]).toEqual([1, 2, 3]);
  });

  it('copies a Node Buffer instead of detaching the pool it may share', async () => {
    const dir = await freshDir();
    const w = writer();
    const pooled = Buffer.from([4, 2]);
    const neighbour = Buffer.from([7]);
    w.start(join(dir, 'pooled.bin'), pooled);
    await w.settled();
    expect([...pooled, ...neighbour]).toEqual([4, 2, 7]);
    expect([...(await readFile(join(dir, 'pooled.bin')))]).toEqual([4, 2]);
  });

  it('finishes the write while the calling thread is blocked and its event loop stands still', async () => {
    const dir = await freshDir();
    const path = join(dir, 'out.bin');
    const bytes = pattern(8 << 20, 3);
    const w = writer();
    w.start(path, bytes.slice());
    // As in an epoch: the main thread sleeps in Atomics.wait between polls, never yielding.
    const sleep = new Int32Array(new SharedArrayBuffer(4));
    const deadline = Date.now() + 20_000;
    let landed = false;
    while (!landed && Date.now() < deadline) {
      Atomics.wait(sleep, 0, 0, 5);
      try {
        landed = Buffer.compare(readFileSync(path), bytes) === 0;
      } catch {}
    }
    expect(landed).toBe(true);
    await w.settled();
  });

  it('writes one file after another and can be closed and used again', async () => {
    const dir = await freshDir();
    const path = join(dir, 'out.bin');
    const w = writer();
    for (const seed of [4, 5]) {
      w.start(path, pattern(1000, seed));
      await w.settled();
      expect(Buffer.compare(await readFile(path), pattern(1000, seed))).toBe(0);
    }
    expect(() => {
      w.start(path, pattern(10, 6));
      w.start(path, pattern(10, 7));
    }).toThrow(/still in flight/);
    await w.close();
    w.start(path, pattern(10, 8));
    await w.settled();
    expect([...(await readFile(path))]).toEqual([...pattern(10, 8)]);
  });

  it('fails naming the path when the target folder is a file, and leaves nothing behind', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, 'folder'), 'a file');
    const path = join(dir, 'folder', 'run.ckpt');
    const w = writer();
    w.start(path, pattern(100, 1));
    await expect(w.settled()).rejects.toThrow(new RegExp(`^${path}: E(EXIST|NOTDIR)`));
    expect(await readdir(dir)).toEqual(['folder']);
    // The failure was reported once; the writer goes on working.
    await w.settled();
    w.start(join(dir, 'ok.bin'), pattern(10, 1));
    await w.settled();
    expect((await readdir(dir)).sort()).toEqual(['folder', 'ok.bin']);
  });

  it('removes its temporary file when the rename fails (the target is a folder)', async () => {
    const dir = await freshDir();
    const path = join(dir, 'run.ckpt');
    await mkdir(join(path, 'inside'), { recursive: true });
    const w = writer();
    w.start(path, pattern(1 << 20, 1));
    await expect(w.settled()).rejects.toThrow(new RegExp(`^${path}: E(ISDIR|EXIST|NOTEMPTY)`));
    expect(await readdir(dir)).toEqual(['run.ckpt']);
  });
});
