/// <reference types="node" />
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withFsyncSpy } from './fsync-spy.js';

describe('withFsyncSpy', () => {
  it('reports each completed sync with the path it was opened with, and nothing else', async () => {
    const synced: string[] = [];
    const spied = withFsyncSpy(fs, (path) => synced.push(path));
    const dir = await fs.mkdtemp(join(tmpdir(), 'fsync-spy-'));
    const file = join(dir, 'a.txt');
    await fs.writeFile(file, 'x');
    const handle = await spied.open(file, 'r');
    expect(synced).toEqual([]);
    await handle.sync();
    await handle.close();
    const folder = await spied.open(dir, 'r');
    await folder.sync();
    await folder.close();
    expect(synced).toEqual([file, dir]);
    expect(await spied.readFile(file, 'utf8')).toBe('x');
    await fs.rm(dir, { recursive: true, force: true });
  });
});
