import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { removeStaleTempFiles, withTempFile, writeFileAtomic } from './atomic-write';

// Every fsync and rename the writers make through node:fs/promises, in order,
// with what the target file held at that moment (write-file-atomic's own fsync
// of the temporary file goes through node:fs and is not seen here).
const events: string[] = [];
let target = '';
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const { withFsyncSpy } = await import('@imdb-rnn/test-support/fsync-spy');
  const seen = () => (existsSync(target) ? readFileSync(target, 'utf8') : 'missing');
  return {
    ...withFsyncSpy(fs, (path) => {
      const what = path === target ? 'target' : path.endsWith('.tmp') ? 'temp' : 'folder';
      events.push(`fsync ${what} (target: ${seen()})`);
    }),
    rename: async (...args: Parameters<typeof fs.rename>) => {
      await fs.rename(...args);
      events.push(`rename (target: ${seen()})`);
    },
  };
});
beforeEach(() => {
  events.length = 0;
});

async function freshDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'imdb-rnn-atomic-'));
}

describe('writeFileAtomic', () => {
  it('creates missing parent folders and writes bytes exactly', async () => {
    const dir = await freshDir();
    const path = join(dir, 'a', 'b', 'out.bin');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3, 250]));
    expect([...(await readFile(path))]).toEqual([1, 2, 3, 250]);
  });

  it('replaces an existing file and leaves no temporary files behind', async () => {
    const dir = await freshDir();
    const path = join(dir, 'out.txt');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['out.txt']);
  });

  it('syncs the folder once the complete new file is in place', async () => {
    const dir = await freshDir();
    target = join(dir, 'out.txt');
    await writeFile(target, 'old');
    await writeFileAtomic(target, 'new');
    expect(events).toEqual(['fsync folder (target: new)']);
  });
});

describe('withTempFile', () => {
  it('moves the produced file into place on success', async () => {
    const dir = await freshDir();
    const path = join(dir, 'download.bin');
    const result = await withTempFile(path, async (temp) => {
      await writeFile(temp, 'payload');
      return 42;
    });
    expect(result).toBe(42);
    expect(await readFile(path, 'utf8')).toBe('payload');
    expect(await readdir(dir)).toEqual(['download.bin']);
  });

  it('syncs the file before the rename and the folder after it', async () => {
    const dir = await freshDir();
    target = join(dir, 'download.bin');
    await writeFile(target, 'old');
    await withTempFile(target, (temp) => writeFile(temp, 'new'));
    expect(events).toEqual([
      'fsync temp (target: old)',
      'rename (target: new)',
      'fsync folder (target: new)',
    ]);
  });

  it('removes the partial file and keeps the previous one when production fails', async () => {
    const dir = await freshDir();
    const path = join(dir, 'download.bin');
    await writeFile(path, 'previous');
    await expect(
      withTempFile(path, async (temp) => {
        await writeFile(temp, 'half');
        throw new Error('connection reset');
      }),
    ).rejects.toThrow('connection reset');
    expect(await readFile(path, 'utf8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['download.bin']);
  });
});

describe('removeStaleTempFiles', () => {
  it('removes the temporary files both writers leave when killed, and nothing else', async () => {
    const dir = await freshDir();
    const path = join(dir, 'lstm-seed1.ckpt');
    const keep = [
      'lstm-seed1.ckpt',
      'lstm-seed10.ckpt',
      'lstm-seed1.ckpt.bak',
      'gru-seed1.ckpt.123',
    ];
    const stale = ['lstm-seed1.ckpt.3954720923', '.lstm-seed1.ckpt.a1b2c3d4e5f6.tmp'];
    for (const name of [...keep, ...stale]) await writeFile(join(dir, name), 'x');
    expect((await removeStaleTempFiles(path)).sort()).toEqual([...stale].sort());
    expect((await readdir(dir)).sort()).toEqual([...keep].sort());
  });

  it('treats a missing folder as nothing to remove', async () => {
    const dir = await freshDir();
    expect(await removeStaleTempFiles(join(dir, 'missing', 'x.ckpt'))).toEqual([]);
  });
});
