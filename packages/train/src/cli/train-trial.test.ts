import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallDataset, writeFolder } from '../data/imdb.test-support';
import { validateResults } from '../report/validate-results';
import { captureOutput } from './capture-output.test-support';
import { runCli } from './program';

// Issue 15 item 2: `imdb-rnn train --trial` chooses on validation only. The
// dataset folder below has no test split at all, so a trial that read it (or
// evaluated it) would fail; the same command without --trial does fail.
const SMALL = ['--arch', 'gru', '--epochs', '2', '--hidden', '4', '--vectors', 'none'];

const output = captureOutput();

let dir: string;
let data: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-trial-'));
  const trainOnly = smallDataset(40).filter(([name]) => !name.startsWith('aclImdb/test/'));
  data = await writeFolder(join(dir, 'data'), trainOnly);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe('imdb-rnn train --trial', () => {
  it('trains without a test split and writes validation figures only', async () => {
    const out = join(dir, 'trial');
    // The small dataset has ~45 distinct training tokens: --vocab-size 10 must cut them.
    const options = [
      ...['--word-dropout', '0.1', '--dropout', '0.6', '--lr-decay', '0.8'],
      ...['--ema-decay', '0.9'],
    ];
    const args = [...SMALL, ...options, '--vocab-size', '10'];
    const code = await runCli(['train', '--data', data, '--out', out, '--trial', ...args]);
    expect(code, output.stderr).toBe(0);
    const results = validateResults(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
    expect(results.trial?.selectedBy).toMatch(/validation accuracy/);
    expect(results.aggregates).toEqual([]);
    const [run] = results.runs;
    expect(run!.test).toBeUndefined();
    expect(run!.shortText).toBeUndefined();
    expect(run!.history.map((e) => e.epoch)).toEqual([1, 2]);
    expect(run!.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(run!.validationShortText?.first20Tokens).toBeGreaterThanOrEqual(0);
    expect(run!.onnxBytes?.int8).toBeGreaterThan(0);
    expect(run!.spec.dropout).toBe(0.6);
    expect(run!.spec.vocabSize).toBe(12); // 10 tokens + <unk> + <pad>
    expect(run!.options).toMatchObject({ wordDropout: 0.1, learningRateDecay: 0.8, emaDecay: 0.9 });
    for (const epoch of run!.history) expect(epoch.rawValidationAccuracy).toBeGreaterThanOrEqual(0);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('These are selection trials: no test figures are recorded');
    expect(report).toContain('| Run | Epoch 1 | Epoch 2 | Best |');
    expect(report).toMatch(/% \(raw \d+\.\d\d%\) \|/);
    expect(report).not.toMatch(/test accuracy/i);
    expect(await exists(join(out, 'test-accuracy.svg'))).toBe(false);
  });

  it('the same run without --trial needs the test split', async () => {
    const out = join(dir, 'tested');
    expect(await runCli(['train', '--data', data, '--out', out, ...SMALL])).toBe(1);
    expect(output.stderr).toMatch(/no test split/);
  });

  it('refuses --test-data, naming --trial', async () => {
    const csv = join(dir, 'reviews.csv');
    const code = await runCli(['train', '--data', csv, '--test-data', csv, '--trial', ...SMALL]);
    expect(code).toBe(1);
    expect(output.stderr).toMatch(/--trial: a selection trial never reads test data/);
  });

  it.each([
    ['--word-dropout', '1', /--word-dropout: expected a number in \[0, 1\), got "1"/],
    ['--dropout', '-0.1', /--dropout: expected a number in \[0, 1\), got "-0.1"/],
    ['--word-dropout', 'abc', /--word-dropout: expected a number in \[0, 1\), got "abc"/],
    ['--dropout', '', /--dropout: expected a number in \[0, 1\), got ""/],
    ['--lr-decay', '0', /--lr-decay: expected a positive number, got "0"/],
    ['--vocab-size', '0', /--vocab-size: expected a positive integer, got "0"/],
    ['--vocab-size', '2.5', /--vocab-size: expected a positive integer, got "2.5"/],
  ])('rejects %s %s with a message naming the option', async (flag, value, message) => {
    expect(await runCli(['train', '--data', data, flag, value, '--trial'])).toBe(1);
    expect(output.stderr).toMatch(message);
  });
});
