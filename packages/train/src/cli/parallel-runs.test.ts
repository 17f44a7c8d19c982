import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeArtifact } from '@imdb-rnn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallDataset, writeFolder } from '../data/imdb.test-support';
import { bundleCli, startCli } from '../faults/killable-cli.test-support';
import type { RunResult } from '../report/results';
import { validateResults } from '../report/validate-results';
import { experimentRuns } from '../training/experiment';
import { formatRuns, parseRuns, partitionRuns, withoutOptions } from './parallel-runs';

describe('partitionRuns', () => {
  it('balances the work (costliest first, to the least-loaded part) and keeps report order within a part', () => {
    const runs = experimentRuns(['rnn', 'gru', 'lstm', 'bilstm'], [1, 2, 3]);
    const parts = partitionRuns(runs, 2);
    expect(parts.flat()).toHaveLength(12);
    expect(new Set(parts.flat().map((r) => formatRuns([r]))).size).toBe(12);
    const cost = { rnn: 1, gru: 1.5, lstm: 2.3, bilstm: 4 };
    const loads = parts.map((p) => p.reduce((s, r) => s + cost[r.architecture], 0));
    // 26.4 in all: an even split is 13.2 each; LPT lands within one RNN run of it.
    expect(Math.abs(loads[0]! - loads[1]!)).toBeLessThanOrEqual(1);
    for (const part of parts) {
      const order = part.map((r) => runs.findIndex((q) => q === r));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    expect(partitionRuns(runs.slice(0, 1), 2)).toEqual([runs.slice(0, 1)]);
    expect(() => partitionRuns(runs, 0)).toThrow(/--parallel: expected an integer >= 1, got 0/);
  });

  it('round-trips run lists through the --only-runs flag, and rejects bad ones by name', () => {
    const runs = experimentRuns(['gru', 'bilstm'], [3, 1]);
    expect(parseRuns(formatRuns(runs))).toEqual(runs);
    expect(() => parseRuns('gru')).toThrow(/--only-runs: expected comma-separated/);
    expect(() => parseRuns('gru:1:2')).toThrow(/--only-runs/);
    expect(() => parseRuns('cnn:1')).toThrow(/unknown architecture "cnn"/);
  });

  it('drops the named options in both spellings and keeps the rest', () => {
    const argv = ['--arch', 'rnn', '--parallel', '2', '--out=runs/x', '--seeds', '1,2', '--trial'];
    expect(withoutOptions(argv, ['--parallel', '--out'])).toEqual([
      '--arch',
      'rnn',
      '--seeds',
      '1,2',
      '--trial',
    ]);
  });
});

// The report of a --parallel job must be the one a single process writes: the
// same runs in the same order with the same figures, models and ONNX files; only
// times and memory differ.
describe('imdb-rnn train --parallel', { timeout: 240_000 }, () => {
  const SMALL = ['--arch', 'rnn,gru', '--seeds', '1,2', '--epochs', '2', '--hidden', '4'];
  let dir: string;
  let data: string;
  let cli: Awaited<ReturnType<typeof bundleCli>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-parallel-'));
    data = await writeFolder(join(dir, 'data'), smallDataset(40));
    cli = await bundleCli();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await cli?.remove();
  });

  const train = (out: string, extra: readonly string[]) =>
    startCli(
      cli.path,
      ['train', '--data', data, '--out', out, '--vectors', 'none', ...SMALL, ...extra],
      process.env,
    ).exited;
  const results = async (out: string) =>
    validateResults(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
  // What may differ between two processes' runs of the same model.
  const figures = ({ totalTrainingSeconds, peakRssMB, history, ...run }: RunResult) => ({
    ...run,
    history: history.map(({ seconds, reviewsPerSecond, ...epoch }) => epoch),
  });

  it('writes the report one process writes, from two processes', async () => {
    const serial = join(dir, 'serial');
    const parallel = join(dir, 'parallel');
    const one = await train(serial, ['--threads', '1']);
    expect(one.code, one.lines.join('\n')).toBe(0);
    const two = await train(parallel, ['--parallel', '2']);
    expect(two.code, two.lines.join('\n')).toBe(0);
    expect(two.lines.some((l) => /^part 1\/2: /.test(l))).toBe(true);
    expect(two.lines.some((l) => l.startsWith('[2/2] '))).toBe(true);
    expect(two.lines.at(-1)).toBe(`report written to ${parallel}`);

    const [a, b] = [await results(serial), await results(parallel)];
    expect(b.runs.map((r) => `${r.architecture}:${r.seed}`)).toEqual([
      'rnn:1',
      'rnn:2',
      'gru:1',
      'gru:2',
    ]);
    expect(b.runs.map(figures)).toEqual(a.runs.map(figures));
    const untimed = (r: typeof a) =>
      r.aggregates.map(({ secondsPerEpochMean, reviewsPerSecondMean, ...rest }) => rest);
    expect(untimed(b)).toEqual(untimed(a));
    const models = (out: string) => readdir(join(out, 'models')).then((n) => n.sort());
    expect(await models(parallel)).toEqual(await models(serial));
    for (const name of await models(serial)) {
      const [x, y] = await Promise.all([
        readFile(join(serial, 'models', name)),
        readFile(join(parallel, 'models', name)),
      ]);
      // Both file kinds carry the time they were made (metadata.createdAt), of one length.
      expect(y.length, name).toBe(x.length);
      if (name.endsWith('.safetensors')) {
        const untimedArtifact = (bytes: Uint8Array) => {
          const { metadata, tensors } = decodeArtifact(bytes);
          const { createdAt, ...rest } = metadata;
          return { metadata: rest, tensors };
        };
        expect(untimedArtifact(y), name).toEqual(untimedArtifact(x));
      }
    }
    expect(await readFile(join(parallel, 'report.md'), 'utf8')).toContain('| GRU | 2 |');
    await expect(access(join(parallel, 'parallel'))).rejects.toThrow();
  });

  it('stops every part when one fails, names it, and keeps the checkpoints for --resume', async () => {
    const out = join(dir, 'failing');
    const exit = await train(out, ['--parallel', '2', '--vectors', join(dir, 'missing.txt')]);
    expect(exit.code).not.toBe(0);
    const message = exit.lines.join('\n');
    expect(message).toMatch(/part [12] of 2 \(runs [a-z]+:\d(,[a-z]+:\d)*\) exited with code 1/);
    expect(message).toMatch(/missing\.txt/);
    expect(message).toMatch(/run the same command with --resume to continue/);
  });
});
