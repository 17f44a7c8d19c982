import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import writeFileAtomicLib from 'write-file-atomic';

/**
 * Writes a whole file atomically: readers see either the previous complete file
 * or the new complete file, never a half-written one, even if the process is
 * killed mid-write. `write-file-atomic` (npm's own, widely used) does the temp
 * file + fsync + rename dance; we add creating the parent folder and syncing
 * it after the rename, without which a power cut can forget the rename (and
 * so the whole finished write) on ext4, XFS and APFS.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomicLib(
    path,
    typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  );
  await syncFolder(dirname(path));
}

/**
 * For output produced incrementally (a download, a stream): `produce` writes to
 * the temporary path it is given; on success the file is renamed into place, on
 * failure the temporary file is removed and the error rethrown. The temporary
 * file lives in the target's folder so the rename never crosses file systems.
 */
export async function withTempFile<T>(
  path: string,
  produce: (tempPath: string) => Promise<T>,
): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const result = await produce(temp);
    // The content must reach the disk before the rename makes it visible, and
    // the folder after it, so a power cut leaves the old file or the whole new one.
    await syncFile(temp, 'r+');
    await rename(temp, path);
    await syncFolder(dirname(path));
    return result;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** fsync of a folder, so a rename in it survives a power cut. */
export async function syncFolder(folder: string): Promise<void> {
  // Windows cannot open a folder for fsync; NTFS journals renames itself.
  if (process.platform !== 'win32') await syncFile(folder, 'r');
}

async function syncFile(path: string, flags: 'r' | 'r+'): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Deletes what interrupted atomic writes of `path` left behind: a process
 * killed between creating its temporary file and renaming it cannot clean up,
 * and for a checkpoint that is tens of MB per kill. Only names our two writers
 * produce are matched (write-file-atomic's `<name>.<uint32>`, withTempFile's
 * `.<name>.<hex>.tmp`); call it only when no other process writes `path`.
 * Resolves to the names removed.
 */
export async function removeStaleTempFiles(path: string): Promise<string[]> {
  const name = basename(path);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const stale = new RegExp(`^(?:${escaped}\\.\\d+|\\.${escaped}\\.[0-9a-f]+\\.tmp)$`);
  let entries: string[];
  try {
    entries = await readdir(dirname(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const removed = entries.filter((entry) => stale.test(entry));
  await Promise.all(removed.map((entry) => rm(join(dirname(path), entry), { force: true })));
  return removed;
}
