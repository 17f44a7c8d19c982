import { spawn } from 'node:child_process';
import { type FSWatcher, watch } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles src/cli.ts into one ESM file the tests can run as a real process and
 * SIGKILL. Node 20 cannot run TypeScript, and turbo builds only this package's
 * dependencies before its tests, so dist/cli.js may be missing or stale. The
 * bundle keeps every package external and lives under this package's
 * node_modules/.cache, so its imports resolve exactly as dist/cli.js's would.
 */
export async function bundleCli(): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = join(PACKAGE_ROOT, 'node_modules', '.cache', `cli-under-test-${process.pid}`);
  const path = join(dir, 'cli.mjs');
  await build({
    entryPoints: [join(PACKAGE_ROOT, 'src', 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: path,
    logLevel: 'error',
  });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Every stderr line the process wrote (progress and log lines go to stderr). */
  lines: string[];
}

export interface CliProcess {
  readonly pid: number;
  /** Stderr lines received so far. */
  readonly lines: readonly string[];
  /** Calls `listener` for every stderr line from now on. */
  onLine(listener: (line: string) => void): void;
  /** SIGKILL now; nothing happens if the process already exited. */
  kill(): void;
  /** Whether kill() sent the signal to a live process. */
  readonly killed: boolean;
  /** Resolves once the process exited and its stderr is fully read. */
  readonly exited: Promise<CliExit>;
}

/** Starts `node <cli> ...args` with stdin closed and stderr read line by line. */
export function startCli(cli: string, args: readonly string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, [cli, ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  let partial = '';
  let running = true;
  let killed = false;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const listener of listeners) listener(line);
    }
  });
  const exited = new Promise<CliExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => {
      running = false;
    });
    child.on('close', (code, signal) => {
      if (partial !== '') lines.push(partial);
      resolve({ code, signal, lines });
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${cli}`);
  return {
    pid: child.pid,
    lines,
    onLine: (listener) => listeners.push(listener),
    kill: () => {
      if (!running || killed) return;
      killed = child.kill('SIGKILL');
    },
    get killed() {
      return killed;
    },
    exited,
  };
}

/** How to recognise a write of one file: its own name, and its writer's temporary file. */
export interface WatchedWrite {
  file: RegExp;
  temporary: RegExp;
}

/**
 * SIGKILLs `run` the moment a write of `write.file` starts in `dir` (inotify
 * through fs.watch, so within about a millisecond), if `armed(name)` says so.
 * A write starts when its temporary file appears (an atomic writer; the window
 * ends with the rename) or when the file itself is modified (a writer that
 * writes in place, which these tests exist to catch). Returns the name that
 * triggered the kill, if any, once the process has exited.
 */
export async function killWhenWriteStarts(
  run: CliProcess,
  dir: string,
  write: WatchedWrite,
  armed: (name: string) => boolean = () => true,
): Promise<string | undefined> {
  await mkdir(dir, { recursive: true });
  let trigger: string | undefined;
  const watcher: FSWatcher = watch(dir, (event, name) => {
    if (trigger !== undefined || name === null || !armed(name)) return;
    if (write.temporary.test(name) || (event === 'change' && write.file.test(name))) {
      trigger = name;
      run.kill();
    }
  });
  try {
    await run.exited;
  } finally {
    watcher.close();
  }
  return trigger;
}
