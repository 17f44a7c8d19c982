import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeOnnxFile } from './write-onnx-file.js';

// The folders writeOnnxFile fsyncs, each with what the target held at that moment.
const syncedFolders: { folder: string; target: number[] }[] = [];
let target = '';
vi.mock('node:fs/promises', async (importOriginal) => {
  const { withFsyncSpy } = await import('@imdb-rnn/test-support/fsync-spy');
  return withFsyncSpy(await importOriginal(), (folder) => {
    syncedFolders.push({
      folder,
      target: existsSync(target) ? Array.from(readFileSync(target)) : [],
    });
  });
});

const directory = mkdtempSync(join(tmpdir(), 'imdb-rnn-write-onnx-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('writeOnnxFile', () => {
  it('writes the bytes and leaves no temporary file behind', async () => {
    const path = join(directory, 'model.onnx');
    await writeOnnxFile(path, Uint8Array.from([8, 8, 1, 2, 3]));
    expect(Array.from(readFileSync(path))).toEqual([8, 8, 1, 2, 3]);
    expect(readdirSync(directory)).toEqual(['model.onnx']);
  });

  it('syncs the folder once the complete file is in place', async () => {
    target = join(directory, 'synced.onnx');
    syncedFolders.length = 0;
    await writeOnnxFile(target, Uint8Array.from([8, 8, 4]));
    expect(syncedFolders).toEqual([{ folder: directory, target: [8, 8, 4] }]);
  });

  it('replaces an existing file whole', async () => {
    const path = join(directory, 'replace.onnx');
    writeFileSync(path, 'old contents that are longer than the new ones');
    await writeOnnxFile(path, Uint8Array.from([1, 2]));
    expect(Array.from(readFileSync(path))).toEqual([1, 2]);
  });

  it('fails without leaving a partial file when the target cannot be written', async () => {
    const path = join(directory, 'missing-folder', 'model.onnx');
    await expect(writeOnnxFile(path, Uint8Array.from([1]))).rejects.toThrow(/ENOENT/);
    // The target is a directory: the rename fails after the temporary file was written.
    const target = join(directory, 'is-a-directory.onnx');
    mkdirSync(target);
    const before = readdirSync(directory).sort();
    await expect(writeOnnxFile(target, Uint8Array.from([1]))).rejects.toThrow(/EISDIR/);
    expect(readdirSync(directory).sort()).toEqual(before);
  });

  it('rejects empty bytes and an empty path with an error naming the argument', async () => {
    await expect(writeOnnxFile('', Uint8Array.from([1]))).rejects.toThrow(/^path:/);
    await expect(writeOnnxFile(join(directory, 'x.onnx'), new Uint8Array(0))).rejects.toThrow(
      /^bytes:/,
    );
  });
});
