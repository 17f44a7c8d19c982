import { randomBytes } from 'node:crypto';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ArgumentError } from '@imdb-rnn/core';

/**
 * Writes `bytes` to `path` atomically: into a temporary file beside it, flushed,
 * then renamed over `path`, then the folder is synced so the rename itself
 * survives a power cut. A crash or error never leaves a partial `.onnx`, and
 * readers see either the old file or the complete new one.
 */
export async function writeOnnxFile(path: string, bytes: Uint8Array): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ArgumentError('path', `expected a non-empty file path, got ${JSON.stringify(path)}`);
  }
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    throw new ArgumentError('bytes', 'expected the non-empty model bytes as a Uint8Array');
  }
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temporary, bytes, { flush: true });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  // Windows cannot open a folder for fsync; NTFS journals renames itself.
  if (process.platform === 'win32') return;
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
