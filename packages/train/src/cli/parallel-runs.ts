import { spawn } from 'node:child_process';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { type Architecture, ArgumentError } from '@imdb-rnn/core';
import { TrainingError } from '../errors';
import { buildResults } from '../report/build-results';
import type { ResultsFile, RunResult } from '../report/results';
import { readResultsFile, writeReport } from '../report/write-report';
import type { RunKey } from '../training/experiment';
import { parseArchitectures } from './parse-options';

// `imdb-rnn train --parallel n`: the job's runs split across n processes of this
// CLI, each on its share of the cores, then merged into one report folder.
//
// Why processes: a run's kernel threads split each batch, which pays off for wide
// layers (BiLSTM hidden 64: 1.8x on two threads) but hardly for the reference
// study's hidden-10 models (bench:train: 1.0x RNN, 1.1x GRU, 1.3x LSTM, 1.6x
// BiLSTM from one thread to two). Twelve such runs finish sooner two at a time,
// one thread each. Every run is deterministic whatever its thread count, so the
// merged report has the same figures as one process would write (tested).

/**
 * A run's work relative to an RNN's at the same hidden size, on one thread:
 * from the reference study's epochs (RNN 5.5 s, GRU 8 s, LSTM 9.5 s x 1.3,
 * BiLSTM 13.5 s x 1.6 on one thread). Only the balance between parts uses it.
 */
const RUN_COST: Readonly<Record<Architecture, number>> = { rnn: 1, gru: 1.5, lstm: 2.3, bilstm: 4 };

/**
 * Splits `runs` into `parts` lists of about equal work: the costliest run first,
 * each to the part with the least work so far (longest-processing-time first).
 * Within a part the runs keep their order in `runs`.
 */
export function partitionRuns(runs: readonly RunKey[], parts: number): RunKey[][] {
  if (!(Number.isInteger(parts) && parts >= 1)) {
    throw new ArgumentError('--parallel', `expected an integer >= 1, got ${parts}`);
  }
  const load = new Array<number>(parts).fill(0);
  const owner = new Array<number>(runs.length);
  const order = runs.map((_, i) => i);
  order.sort((a, b) => RUN_COST[runs[b]!.architecture] - RUN_COST[runs[a]!.architecture] || a - b);
  for (const i of order) {
    const part = load.indexOf(Math.min(...load));
    owner[i] = part;
    load[part]! += RUN_COST[runs[i]!.architecture];
  }
  return load
    .map((_, part) => runs.filter((_, i) => owner[i] === part))
    .filter((list) => list.length > 0);
}

/** `rnn:1,gru:2` (the hidden --only-runs flag a part is started with). */
export function formatRuns(runs: readonly RunKey[]): string {
  return runs.map((r) => `${r.architecture}:${r.seed}`).join(',');
}

export function parseRuns(value: string): RunKey[] {
  return value.split(',').map((item) => {
    const [architecture, seedText, extra] = item.trim().split(':');
    const seed = Number(seedText);
    if (architecture === undefined || extra !== undefined || !Number.isSafeInteger(seed)) {
      throw new ArgumentError(
        '--only-runs',
        `expected comma-separated <architecture>:<seed> pairs, got "${value}"`,
      );
    }
    return { architecture: parseArchitectures(architecture)[0]!, seed };
  });
}

/**
 * `argv` without the named options (each takes a value, as `--name value` or
 * `--name=value`): the part processes get their own.
 */
export function withoutOptions(argv: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (names.includes(arg)) i++;
    else if (!names.some((name) => arg.startsWith(`${name}=`))) out.push(arg);
  }
  return out;
}

export interface ParallelTrainOptions {
  /** The train command's own arguments, as the user gave them. */
  argv: readonly string[];
  /** The CLI script the parts run (this process's, process.argv[1]). */
  cli: string;
  outDir: string;
  /** Every run of the job, in report order. */
  runs: readonly RunKey[];
  parallel: number;
  /** Kernel threads per part; default: the cores shared out among the parts. */
  threads?: number;
  /** The resolved IMDB archive or folder, so no part downloads it again; undefined for own data. */
  data?: string;
  /** The seed whose runs are exported as ONNX. */
  exportSeed: number;
  /** Each line a part writes, prefixed with its number. */
  log: (line: string) => void;
}

/**
 * Trains the runs in `parallel` processes of this CLI (`<outDir>/parallel/part-<k>`),
 * then writes one report folder as a single process would: results.json with
 * the runs in report order, report.md, plots, and every model and checkpoint
 * moved into `<outDir>`. A failed part stops the others and throws; the parts'
 * checkpoints stay, and the same command with --resume continues them.
 */
export async function trainInParallel(options: ParallelTrainOptions): Promise<ResultsFile> {
  const parts = partitionRuns(options.runs, options.parallel);
  const threads = options.threads ?? Math.max(1, Math.floor(availableParallelism() / parts.length));
  const base = withoutOptions(options.argv, [
    '--parallel',
    '--out',
    '--threads',
    ...(options.data === undefined ? [] : ['--data']),
  ]);
  const partsDir = join(options.outDir, 'parallel');
  const dirs = parts.map((_, k) => join(partsDir, `part-${k + 1}`));
  const children = parts.map((runs, k) => {
    const args = [
      ...base,
      ...(options.data === undefined ? [] : ['--data', options.data]),
      ...['--out', dirs[k]!, '--threads', String(threads)],
      ...['--only-runs', formatRuns(runs), '--export-seed', String(options.exportSeed)],
    ];
    options.log(`part ${k + 1}/${parts.length}: ${formatRuns(runs)} on ${threads} thread(s)`);
    return runPart(options.cli, args, (line) => options.log(`[${k + 1}/${parts.length}] ${line}`));
  });
  const { exits, failed } = await firstFailureStopsAll(children);
  if (failed !== undefined) {
    const exit = exits[failed]!;
    throw new TrainingError(
      'parallel-run-failed',
      `part ${failed + 1} of ${parts.length} (runs ${formatRuns(parts[failed]!)}) ` +
        `${exit.code === null ? `was stopped (${exit.signal})` : `exited with code ${exit.code}`}` +
        `${exit.lastLine ? `: ${exit.lastLine}` : ''}; the parts' checkpoints stay in ${partsDir}: ` +
        'run the same command with --resume to continue',
    );
  }

  const files = await Promise.all(dirs.map((dir) => readResultsFile(join(dir, 'results.json'))));
  const byKey = new Map<string, RunResult>();
  for (const file of files) for (const run of file.runs) byKey.set(formatRuns([run]), run);
  const runs = options.runs.map((key) => {
    const run = byKey.get(formatRuns([key]));
    if (run === undefined) {
      throw new TrainingError('parallel-run-failed', `no part reported run ${formatRuns([key])}`);
    }
    return run;
  });
  for (const dir of dirs) {
    for (const sub of ['models', 'checkpoints'])
      await moveFiles(join(dir, sub), join(options.outDir, sub));
  }
  const first = files[0]!;
  const results = buildResults({
    runs,
    machine: first.machine,
    ...(first.data === undefined ? {} : { data: first.data }),
    ...(first.trial === undefined ? {} : { trial: first.trial }),
  });
  await writeReport(options.outDir, results);
  await rm(partsDir, { recursive: true, force: true });
  return results;
}

interface PartExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  lastLine: string;
}

interface RunningPart {
  exited: Promise<PartExit>;
  stop: () => void;
}

/** Starts `node <cli> train ...args`; every stdout and stderr line goes to `onLine`. */
function runPart(
  cli: string,
  args: readonly string[],
  onLine: (line: string) => void,
): RunningPart {
  const child = spawn(process.execPath, [...process.execArgv, cli, 'train', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let lastLine = '';
  const pending = { stdout: '', stderr: '' };
  const read = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const lines = (pending[stream] + chunk.toString('utf8')).split('\n');
    pending[stream] = lines.pop()!;
    for (const line of lines) {
      // Progress bars redraw with \r; only their last state is a line worth keeping.
      const text = line.split('\r').pop()!;
      if (text.trim() === '') continue;
      if (stream === 'stderr') lastLine = text;
      onLine(text);
    }
  };
  child.stdout.on('data', read('stdout'));
  child.stderr.on('data', read('stderr'));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const exited = new Promise<PartExit>((resolve) => {
    child.on('close', (code, signal) => {
      for (const stream of ['stdout', 'stderr'] as const) {
        if (pending[stream].trim() !== '') onLine(pending[stream]);
      }
      resolve({ code, signal, lastLine });
    });
    child.on('error', (error) => resolve({ code: -1, signal: null, lastLine: error.message }));
  });
  return { exited, stop };
}

/**
 * Waits for every part; the first to fail stops the rest, so no process trains
 * on alone. `failed`: the part that failed first (the others were stopped by it).
 */
async function firstFailureStopsAll(
  parts: readonly RunningPart[],
): Promise<{ exits: PartExit[]; failed: number | undefined }> {
  let failed: number | undefined;
  parts.forEach((part, k) => {
    void part.exited.then((exit) => {
      if (exit.code === 0 || failed !== undefined) return;
      failed = k;
      for (const other of parts) other.stop();
    });
  });
  const exits = await Promise.all(parts.map((part) => part.exited));
  return { exits, failed };
}

/** Moves every file of `from` (if it exists) into `to`, replacing files of the same name. */
async function moveFiles(from: string, to: string): Promise<void> {
  const names = await readdir(from).catch(() => [] as string[]);
  if (names.length === 0) return;
  await mkdir(to, { recursive: true });
  for (const name of names) await rename(join(from, name), join(to, name));
}
