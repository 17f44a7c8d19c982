import { existsSync, watch } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeArtifact } from '@imdb-rnn/core';
import { exportOnnx } from '@imdb-rnn/export-onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { validateResults } from '../report/validate-results';
import { decodeCheckpoint } from '../training/checkpoint';
import {
  bundleCli,
  type CliExit,
  type CliProcess,
  killWhenWriteStarts,
  startCli,
  type WatchedWrite,
} from './killable-cli.test-support';
import {
  checkFolder,
  checkpointFingerprint,
  type FolderCheck,
  type ReferenceRun,
  sameBytes,
  snapshotFolder,
  stableResults,
  tensorsFingerprint,
} from './run-folder.test-support';

// The issue: "Training killed with SIGKILL at random points (during an epoch,
// during a checkpoint write, during export): afterwards every file on disk is
// either the previous complete version or the new complete version, and
// `--resume` continues; no run loses more than the epoch in progress."
// (Since issue 14 a checkpoint is written while the next epoch trains, so a
// kill in that write also loses the epoch whose line was just logged.)
//
// The real CLI runs as a child process and is SIGKILLed: at seeded random
// moments, and deterministically inside each write window (the kill fires when
// inotify reports the writer's temporary file; the window was hit if that file
// is still there afterwards, i.e. the rename never happened). After every kill
// the folder is checked file by file against the previous version and against
// an uninterrupted reference run with the same seed, then `--resume` carries on.
// Small and fast on purpose: 2 architectures x 3 epochs on 200 reviews per split
// and label, no GloVe (the vectors change nothing about files or resuming).

const DATA = process.env.IMDB_RNN_DATA;
const ARCHITECTURES = ['rnn', 'gru'] as const;
const EPOCHS = 3;
const EPOCH_LINE = /^(\w+) seed \d+ epoch (\d+): train loss .*, ([\d.]+) s,/;
const RESUME_LINE = /^(\w+)-seed\d+: resuming after epoch (\d+)$/;
// The writes to interrupt. write-file-atomic's temporary file is `<name>.<hash>`,
// export-onnx's writeOnnxFile's `.<name>.<pid>.<hex>.tmp`.
const atomicWrite = (file: string) => ({
  file: new RegExp(`^${file.replaceAll('.', '\\.')}$`),
  temporary: new RegExp(`^${file.replaceAll('.', '\\.')}\\.\\d+$`),
});
const onnxWrite = (file: string) => ({
  file: new RegExp(`^${file.replaceAll('.', '\\.')}$`),
  temporary: new RegExp(`^\\.${file.replaceAll('.', '\\.')}\\.\\d+\\.[0-9a-f]+\\.tmp$`),
});
// Checkpoints are written by checkpoint.ts's background writer: `.<name>.<hex>.tmp`.
const CHECKPOINT_WRITE = {
  file: /^\w+-seed1\.ckpt$/,
  temporary: /^\.\w+-seed1\.ckpt\.[0-9a-f]+\.tmp$/,
};
const architectureOf = (checkpointFile: string) =>
  checkpointFile.replace(/^\./, '').replace(/-seed1\..*$/, '');

let cli: Awaited<ReturnType<typeof bundleCli>>;
let root: string;
let env: NodeJS.ProcessEnv;
let reference: ReferenceRun;
let referenceFolder: string;
/** The reference run's timeline, to spread random kills over the work left to do. */
let referenceTimes: { afterDataMs: number; epochMs: Map<string, number> };

function trainArgs(out: string, resume: boolean): string[] {
  return [
    'train',
    ...['--data', DATA ?? '', '--out', out, '--arch', ARCHITECTURES.join(',')],
    ...['--limit', '200', '--epochs', String(EPOCHS), '--hidden', '8', '--max-length', '200'],
    ...['--vectors', 'none', '--export', 'fp32', '--seeds', '1'],
    ...(resume ? ['--resume'] : []),
  ];
}

function epochsLogged(lines: readonly string[], architecture: string): number[] {
  return lines.flatMap((line) => {
    const match = EPOCH_LINE.exec(line);
    return match?.[1] === architecture ? [Number(match[2])] : [];
  });
}

/**
 * Where the process was when it died, from its own log lines; `checkpointed`
 * holds the epochs each architecture's checkpoint had when it started.
 */
function phaseOf(lines: readonly string[], checkpointed: Map<string, number>): string {
  let phase = 'reading data';
  for (const line of lines) {
    const training = /^training (\w+)-seed/.exec(line);
    const resumed = RESUME_LINE.exec(line);
    const epoch = EPOCH_LINE.exec(line);
    if (training) {
      const architecture = training[1] ?? '';
      phase = checkpointed.has(architecture)
        ? `${architecture} loading its checkpoint`
        : `${architecture} epoch 1`;
    }
    const done = resumed ?? epoch;
    if (done) {
      const next = Number(done[2]) + 1;
      phase =
        next > EPOCHS
          ? `${done[1]} evaluate, save model, export`
          : `${done[1]} epoch ${next}${resumed ? ' (resumed)' : ''}`;
    }
    if (line.startsWith(`exported models/${ARCHITECTURES.at(-1)}.`)) phase = 'write report';
    if (line.startsWith('report written')) phase = 'finished';
  }
  return phase;
}

/** Sends `name` to `pid`; false if the process is already gone. */
function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    return process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

interface Segment {
  exit: CliExit;
  check: FolderCheck;
  /** Where a SIGKILL landed; undefined if the process exited by itself. */
  killedIn?: string;
}

/**
 * One `imdb-rnn train` process on `out`, with `arrangeKill` deciding when to
 * SIGKILL it. Afterwards: every file is its previous or a complete new version,
 * no completed epoch was lost, and (when resuming) none was trained again.
 */
async function runSegment(
  out: string,
  resume: boolean,
  arrangeKill: (run: CliProcess) => Promise<unknown> | undefined,
): Promise<Segment> {
  const previous = await snapshotFolder(out);
  const epochsBefore = checkFolder(previous, previous, reference).checkpointEpochs;
  await mkdir(join(out, 'checkpoints'), { recursive: true });
  await mkdir(join(out, 'models'), { recursive: true });
  const run = startCli(cli.path, trainArgs(out, resume), env);
  const killing = arrangeKill(run);
  const exit = await run.exited;
  await killing;
  const log = exit.lines.join('\n');
  if (exit.signal !== 'SIGKILL') expect(exit.code, log).toBe(0);
  const check = checkFolder(await snapshotFolder(out), previous, reference);
  expect(check.problems, log).toEqual([]);
  for (const architecture of ARCHITECTURES) {
    const before = resume ? (epochsBefore.get(architecture) ?? 0) : 0;
    const logged = epochsLogged(exit.lines, architecture);
    // Resuming trains exactly the epochs after the checkpoint, none twice. (A
    // kill can land while the checkpoint is being loaded, before the line.)
    const movedOn =
      logged.length > 0 ||
      exit.lines.some((line) => line.startsWith(`${architecture}-seed1: test accuracy`));
    if (movedOn && before > 0) {
      expect(log).toContain(`${architecture}-seed1: resuming after epoch ${before}`);
    }
    expect(logged, `${architecture} epochs trained`).toEqual(logged.map((_, i) => before + 1 + i));
    // Nothing completed is lost but the epoch whose checkpoint was still being
    // written: an epoch's line comes as its write starts, and the write overlaps
    // the next epoch. So the checkpoint holds the last epoch logged as done or
    // the one before (one more if the kill came between a rename and its line).
    const done = logged.at(-1) ?? before;
    const onDisk = check.checkpointEpochs.get(architecture) ?? 0;
    expect(onDisk, `${architecture} checkpoint epoch`).toBeGreaterThanOrEqual(
      Math.max(before, done - 1),
    );
    expect(onDisk, `${architecture} checkpoint epoch`).toBeLessThanOrEqual(done + 1);
  }
  return {
    exit,
    check,
    ...(exit.signal === 'SIGKILL'
      ? { killedIn: phaseOf(exit.lines, resume ? epochsBefore : new Map()) }
      : {}),
  };
}

/** A clean `--resume` finishes and leaves what the uninterrupted run left. */
async function expectResumeCompletes(out: string): Promise<void> {
  await expectComplete(out, await runSegment(out, true, () => undefined));
}

/** `segment` ran to the end and left what the uninterrupted run left. */
async function expectComplete(out: string, segment: Segment): Promise<void> {
  expect(segment.exit.code).toBe(0);
  // The same files as the reference folder, plus any temporary files of the
  // model, ONNX and report writes that earlier kills left behind (never read
  // back; see checkFolder). A checkpoint's leftovers are removed by --resume.
  const folder = await snapshotFolder(out);
  const expected = await snapshotFolder(referenceFolder);
  const temporary = new Set(segment.check.temporaryFiles);
  expect(segment.check.temporaryFiles.filter((p) => p.startsWith('checkpoints/'))).toEqual([]);
  expect([...folder.keys()].filter((p) => !temporary.has(p))).toEqual([...expected.keys()]);
  for (const architecture of ARCHITECTURES) {
    expect(segment.check.checkpointEpochs.get(architecture)).toBe(EPOCHS);
    const artifact = folder.get(`models/${architecture}-seed1.safetensors`)!;
    expect(tensorsFingerprint(decodeArtifact(artifact).tensors)).toBe(
      reference.models.get(architecture),
    );
  }
  const results = validateResults(JSON.parse(new TextDecoder().decode(folder.get('results.json'))));
  expect(stableResults(results)).toBe(reference.results);
}

describe.skipIf(!DATA)('imdb-rnn train and export under SIGKILL (needs IMDB_RNN_DATA)', () => {
  beforeAll(async () => {
    cli = await bundleCli();
    root = await mkdtemp(join(tmpdir(), 'imdb-rnn-sigkill-'));
    env = { ...process.env, IMDB_RNN_CACHE: join(root, 'cache') };
    referenceFolder = join(root, 'reference');
    // The uninterrupted run. Each checkpoint is read as soon as it is renamed
    // into place (inotify), while SIGSTOP holds the process so that the next
    // epoch cannot replace it first. (The epoch lines cannot mark that moment:
    // a checkpoint is written while the next epoch trains.)
    const checkpoints = new Map<string, string>();
    const reads: Promise<void>[] = [];
    const epochMs = new Map<string, number>();
    let dataReadAt = 0;
    let lastMark = 0;
    const checkpointDir = join(referenceFolder, 'checkpoints');
    const readCheckpoint = async (name: string) => {
      const path = join(checkpointDir, name);
      const checkpoint = decodeCheckpoint(await readFile(path), path);
      const key = `${architectureOf(name)}/${checkpoint.state.epoch}`;
      checkpoints.set(key, checkpointFingerprint(checkpoint));
    };
    await mkdir(checkpointDir, { recursive: true });
    let pid = 0;
    const watcher = watch(checkpointDir, (_event, name) => {
      if (name === null || !CHECKPOINT_WRITE.file.test(name)) return;
      const stopped = signal(pid, 'SIGSTOP'); // false: exited, nothing can overwrite it now
      reads.push(readCheckpoint(name).finally(() => stopped && signal(pid, 'SIGCONT')));
    });
    const run = startCli(cli.path, trainArgs(referenceFolder, false), env);
    pid = run.pid;
    run.onLine((line) => {
      const now = performance.now();
      if (line.startsWith('vocabulary ')) dataReadAt = now;
      if (line.startsWith('training ')) lastMark = now;
      const match = EPOCH_LINE.exec(line);
      if (!match) return;
      epochMs.set(`${match[1]}/${match[2]}`, now - lastMark);
      lastMark = now;
    });
    const exit = await run.exited;
    watcher.close();
    referenceTimes = { afterDataMs: performance.now() - dataReadAt, epochMs };
    await Promise.all(reads);
    // The last epoch's checkpoints, in case their rename was reported after the exit.
    await Promise.all(ARCHITECTURES.map((a) => readCheckpoint(`${a}-seed1.ckpt`)));
    expect(exit.code, exit.lines.join('\n')).toBe(0);
    expect(checkpoints.size).toBe(ARCHITECTURES.length * EPOCHS);
    const folder = await snapshotFolder(referenceFolder);
    const models = new Map<string, string>();
    for (const architecture of ARCHITECTURES) {
      const artifact = folder.get(`models/${architecture}-seed1.safetensors`)!;
      models.set(architecture, tensorsFingerprint(decodeArtifact(artifact).tensors));
    }
    const results = validateResults(
      JSON.parse(new TextDecoder().decode(folder.get('results.json'))),
    );
    reference = { checkpoints, models, results: stableResults(results) };
    // The reference folder itself passes the checks: nothing left over, all valid.
    const check = checkFolder(folder, new Map(), reference);
    expect(check.problems).toEqual([]);
    expect(check.temporaryFiles).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await cli?.remove();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('kills at seeded random moments keep every file whole, and --resume reaches the reference weights', async () => {
    const rng = new Rng(8);
    const out = join(root, 'random');
    const kills: string[] = [];
    let resume = false;
    for (let k = 0; k < 6; k++) {
      // Reading the data writes nothing, so the clock starts once it is read;
      // the kill comes at a uniformly random point of the work still to do
      // (the reference run's time minus the epochs already checkpointed).
      const done = checkFolder(await snapshotFolder(out), new Map(), reference).checkpointEpochs;
      let remainingMs = referenceTimes.afterDataMs;
      for (const [key, ms] of referenceTimes.epochMs) {
        const [architecture, epoch] = key.split('/');
        if (Number(epoch) <= (done.get(architecture ?? '') ?? 0)) remainingMs -= ms;
      }
      const delayMs = rng.next() * remainingMs;
      const segment = await runSegment(out, resume, (run) => {
        let timer: NodeJS.Timeout | undefined;
        run.onLine((line) => {
          if (line.startsWith('vocabulary ')) timer = setTimeout(() => run.kill(), delayMs);
        });
        return run.exited.then(() => clearTimeout(timer));
      });
      if (segment.killedIn !== undefined) {
        kills.push(`${Math.round(delayMs)} ms after reading the data: ${segment.killedIn}`);
      }
      resume = true;
    }
    console.info(`SIGKILLs landed in: ${kills.join('; ')}`);
    expect(kills.length).toBeGreaterThan(0);
    await expectResumeCompletes(out);
  }, 300_000);

  it('a kill in the middle of an epoch loses only that epoch', async () => {
    // rnn's epoch-1 checkpoint is written while epoch 2 trains, and epoch 2's
    // line comes only when it ends: the moment that checkpoint is renamed into
    // place, the process is inside epoch 2 with epoch 1 safe on disk. (A timer
    // after the epoch-1 line was a flake: it could fire before that write ended.)
    // A fresh folder is tried again (at most twice more) if epoch 2 ended first.
    let out = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      out = join(root, `mid-epoch-${attempt}`);
      const checkpoints = join(out, 'checkpoints');
      // runSegment made the folder before starting the process.
      const segment = await runSegment(out, false, (run) => {
        const watcher = watch(checkpoints, (event, name) => {
          if (
            event === 'rename' &&
            name === 'rnn-seed1.ckpt' &&
            existsSync(join(checkpoints, name))
          ) {
            run.kill();
          }
        });
        return run.exited.finally(() => watcher.close());
      });
      if (segment.killedIn === 'rnn epoch 2') break;
    }
    const check = checkFolder(await snapshotFolder(out), new Map(), reference);
    expect(check.checkpointEpochs.get('rnn'), 'killed inside rnn epoch 2').toBe(1);
    const resumed = await runSegment(out, true, () => undefined);
    expect(resumed.exit.lines).toContain('rnn-seed1: resuming after epoch 1');
    expect(epochsLogged(resumed.exit.lines, 'rnn')).toEqual([2, 3]);
    expect(epochsLogged(resumed.exit.lines, 'gru')).toEqual([1, 2, 3]);
    await expectComplete(out, resumed);
  }, 300_000);

  it('a kill during a checkpoint write leaves the previous checkpoint, which --resume continues from', async () => {
    const out = join(root, 'checkpoint-write');
    // Kill when the temporary file of a checkpoint write appears, for writes that
    // replace an existing checkpoint. A write can finish before the kill lands
    // (then the new checkpoint is on disk, which is fine too); the next write is
    // tried then, a bounded number of times.
    let hits = 0;
    let resume = false;
    let attempts = 0;
    for (; attempts < 5 && hits < 2; attempts++) {
      const before = checkFolder(await snapshotFolder(out), new Map(), reference).checkpointEpochs;
      const existing = new Set(before.keys());
      let trigger: Promise<string | undefined> = Promise.resolve(undefined);
      const segment = await runSegment(out, resume, (run) => {
        run.onLine((line) => {
          const match = EPOCH_LINE.exec(line);
          if (match?.[1] !== undefined) existing.add(match[1]);
        });
        trigger = killWhenWriteStarts(run, join(out, 'checkpoints'), CHECKPOINT_WRITE, (name) =>
          existing.has(architectureOf(name)),
        );
        return trigger;
      });
      resume = true;
      const name = await trigger;
      if (name === undefined || !segment.check.temporaryFiles.includes(`checkpoints/${name}`)) {
        continue;
      }
      hits++;
      // The interrupted write left its temporary file behind; the checkpoint is
      // still the previous one: of the last epoch logged as done, or of the one
      // before if that epoch's line came before the kill (its write had begun).
      // The next segment (or the final resume) checks that --resume continues
      // right after it.
      const architecture = architectureOf(name);
      const lastDone =
        epochsLogged(segment.exit.lines, architecture).at(-1) ?? before.get(architecture) ?? 0;
      expect([lastDone - 1, lastDone]).toContain(
        segment.check.checkpointEpochs.get(architecture) ?? 0,
      );
    }
    console.info(`checkpoint writes interrupted: ${hits} in ${attempts} attempts`);
    expect(hits, 'kills that landed inside a checkpoint write').toBeGreaterThan(0);
    await expectResumeCompletes(out);
  }, 300_000);

  it('kills while writing the model, the ONNX export and the report leave each file whole', async () => {
    // A finished run resumed: training is skipped (both checkpoints are complete),
    // then the model is evaluated, saved, exported and the report rewritten.
    // Every file therefore has a previous complete version to fall back to.
    const out = join(root, 'after-training');
    await cp(referenceFolder, out, { recursive: true });
    const windows: [string, string, WatchedWrite][] = [
      ['model artifact', 'models', atomicWrite('rnn-seed1.safetensors')],
      ['ONNX export', 'models', onnxWrite('gru.fp32.onnx')],
      ['results.json', '.', atomicWrite('results.json')],
      ['report.md', '.', atomicWrite('report.md')],
    ];
    const hitWindows: string[] = [];
    let segments = 0;
    for (const [window, dir, write] of windows) {
      for (let attempt = 0; attempt < 3 && !hitWindows.includes(window); attempt++) {
        let trigger: Promise<string | undefined> = Promise.resolve(undefined);
        const segment = await runSegment(out, true, (run) => {
          trigger = killWhenWriteStarts(run, join(out, dir), write);
          return trigger;
        });
        const name = await trigger;
        segments++;
        expect(segment.exit.signal, `killed during the ${window} write`).toBe('SIGKILL');
        for (const architecture of ARCHITECTURES) {
          expect(epochsLogged(segment.exit.lines, architecture)).toEqual([]);
        }
        const left = dir === '.' ? name : `${dir}/${name}`;
        if (segment.check.temporaryFiles.includes(left ?? '')) hitWindows.push(window);
      }
    }
    console.info(`write windows hit: ${hitWindows.join(', ')} (${segments} kills)`);
    expect(hitWindows).toEqual(windows.map(([window]) => window));
    await expectResumeCompletes(out);
  }, 300_000);

  it('a kill during `imdb-rnn export` keeps the previous .onnx file', async () => {
    const out = join(root, 'export-command');
    await mkdir(out);
    const target = join(out, 'rnn.fp32.onnx');
    await cp(join(referenceFolder, 'models', 'rnn.fp32.onnx'), target);
    const previous = await readFile(target);
    // Overwrite the RNN's export with the GRU's, under the same name.
    const model = join(referenceFolder, 'models', 'gru-seed1.safetensors');
    const replacement = exportOnnx(decodeArtifact(await readFile(model)), { weights: 'fp32' });
    expect(sameBytes(previous, replacement)).toBe(false);
    const args = ['export', '--model', model, '--out', out, '--name', 'rnn', '--weights', 'fp32'];
    let hit = false;
    let attempts = 0;
    for (; attempts < 3 && !hit; attempts++) {
      await writeFile(target, previous);
      const run = startCli(cli.path, args, env);
      const name = await killWhenWriteStarts(run, out, onnxWrite('rnn.fp32.onnx'));
      const exit = await run.exited;
      expect(exit.signal).toBe('SIGKILL');
      const now = await readFile(target);
      expect(sameBytes(now, previous) || sameBytes(now, replacement)).toBe(true);
      const left = (await snapshotFolder(out)).has(name ?? '');
      hit = left && sameBytes(now, previous);
    }
    console.info(`export kills until one landed inside the write: ${attempts}`);
    expect(hit, 'a kill landed between the temporary file and its rename').toBe(true);
    const exit = await startCli(cli.path, args, env).exited;
    expect(exit.code, exit.lines.join('\n')).toBe(0);
    expect(sameBytes(await readFile(target), replacement)).toBe(true);
  }, 120_000);
});
