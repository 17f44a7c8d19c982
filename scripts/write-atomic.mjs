// The scripts' one way to write a file: a temporary file beside it, fsynced, then
// renamed over it, so a reader (or a stop mid-write) never sees half a file.
import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';

/** @param {string} path @param {string} text */
export function writeAtomic(path, text) {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  const fd = openSync(temp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(temp, path);
}
