import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallDataset, writeFolder } from '../data/imdb.test-support';
import { validateResults } from '../report/validate-results';
import { captureOutput } from './capture-output.test-support';
import { runCli } from './program';

// `--validation-size 0`: a final fit on every training review for a fixed
// epoch count (chosen beforehand on validation), the last epoch kept.
const SMALL = ['--arch', 'gru', '--epochs', '2', '--hidden', '4', '--vectors', 'none'];

const output = captureOutput();

let dir: string;
let data: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-final-fit-'));
  data = await writeFolder(join(dir, 'data'), smallDataset(40));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('imdb-rnn train --validation-size', () => {
  it('0 trains on every training review, keeps the last epoch and records no validation figures', async () => {
    const out = join(dir, 'fit');
    const code = await runCli([
      ...['train', '--data', data, '--out', out, '--export', 'none'],
      ...['--validation-size', '0', ...SMALL],
    ]);
    expect(code, output.stderr).toBe(0);
    const results = validateResults(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
    const [run] = results.runs;
    expect(run!.options.validationSize).toBe(0);
    expect(run!.bestEpoch).toBe(2);
    expect(run!.history.map((e) => e.validationAccuracy)).toEqual([undefined, undefined]);
    expect(run!.validationShortText).toBeUndefined();
    expect(run!.test?.accuracy).toBeGreaterThanOrEqual(0);
    expect(output.stderr).toContain('no validation (a final fit: the last epoch is kept)');
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('a final fit (no validation hold-out');
    // The curves plot keeps its train-loss panel only.
    const curves = await readFile(join(out, 'curves.svg'), 'utf8');
    expect(curves).toContain('Train loss');
    expect(curves).not.toContain('Validation accuracy');
  });

  it('holds out the number given, recorded in the run options', async () => {
    const out = join(dir, 'held');
    const code = await runCli([
      ...['train', '--data', data, '--out', out, '--export', 'none'],
      ...['--validation-size', '10', ...SMALL],
    ]);
    expect(code, output.stderr).toBe(0);
    const results = validateResults(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
    expect(results.runs[0]!.options.validationSize).toBe(10);
    expect(results.runs[0]!.history[0]!.validationAccuracy).toBeGreaterThanOrEqual(0);
  });

  it.each([
    [['--validation-size', '-1'], /--validation-size: expected an integer >= 0, got "-1"/],
    [['--validation-size', '2.5'], /--validation-size: expected an integer >= 0, got "2.5"/],
    [['--validation-size', '0', '--trial'], /--validation-size: a selection trial .* at least 1/],
  ])('refuses %j, naming the option', async (args, message) => {
    expect(await runCli(['train', '--data', data, '--out', join(dir, 'bad'), ...args])).toBe(1);
    expect(output.stderr).toMatch(message);
  });

  it('refuses a hold-out as large as the training split, naming the option', async () => {
    const code = await runCli([
      ...['train', '--data', data, '--out', join(dir, 'all')],
      ...['--validation-size', '80', ...SMALL],
    ]);
    expect(code).toBe(1);
    expect(output.stderr).toMatch(
      /validationSize: expected an integer in \[0, 80\) for 80 examples/,
    );
  });
});

describe('imdb-rnn train --validation-block', () => {
  it('holds out runs of consecutive reviews, recorded in the run options and the report', async () => {
    const out = join(dir, 'blocks');
    const code = await runCli([
      ...['train', '--data', data, '--out', out, '--export', 'none'],
      ...['--validation-size', '10', '--validation-block', '5', ...SMALL],
    ]);
    expect(code, output.stderr).toBe(0);
    const results = validateResults(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
    expect(results.runs[0]!.options.validationSize).toBe(10);
    expect(results.runs[0]!.options.validationBlockSize).toBe(5);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('validation held out in runs of 5 consecutive reviews');
  });

  it('records runs of 1 when not given, and the report says nothing of blocks', async () => {
    const results = validateResults(
      JSON.parse(await readFile(join(dir, 'held', 'results.json'), 'utf8')),
    );
    expect(results.runs[0]!.options.validationBlockSize).toBe(1);
    expect(await readFile(join(dir, 'held', 'report.md'), 'utf8')).not.toContain('runs of');
  });

  it.each([
    [['--validation-block', '0'], /--validation-block: expected a positive integer, got "0"/],
    [['--validation-block', '2.5'], /--validation-block: expected a positive integer, got "2.5"/],
  ])('refuses %j, naming the option', async (args, message) => {
    expect(await runCli(['train', '--data', data, '--out', join(dir, 'bad'), ...args])).toBe(1);
    expect(output.stderr).toMatch(message);
  });
});
