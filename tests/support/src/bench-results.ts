// Benchmarks write their figures into committed files that scripts/sync-figures.mjs copies into
// the READMEs (CI checks the copies). A bench killed mid-write must leave the previous complete
// file, or the README check would compare against half a table.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** True when the run was started as a benchmark (`IMDB_RNN_BENCH=1`): only then are results written. */
export function benchRequested(): boolean {
  return process.env.IMDB_RNN_BENCH === '1';
}

/** One line of context every results file opens with: when, where, and how busy the machine was. */
export function benchContext(): string {
  return (
    `${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
    `${availableParallelism()} cores, 1-minute load average ${loadavg()[0]!.toFixed(1)}`
  );
}

/** Writes `text` to `path` through a flushed temporary file and a rename. */
export async function writeBenchResult(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temporary, text, { flush: true });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
