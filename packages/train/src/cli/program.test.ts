import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeArtifact } from '@imdb-rnn/core';
import { describe, expect, it } from 'vitest';
import { captureOutput } from './capture-output.test-support';
import { runCli } from './program';

// Captures what the CLI writes, so tests can assert on messages.
const output = captureOutput();

describe('imdb-rnn CLI', () => {
  it.each(['train', 'evaluate', 'report', 'export'])(
    'prints help for %s and exits 0',
    async (command) => {
      expect(await runCli([command, '--help'])).toBe(0);
      expect(output.stdout).toContain(`Usage: imdb-rnn ${command}`);
    },
  );

  it('rejects an unknown architecture with a message naming the option', async () => {
    expect(await runCli(['train', '--arch', 'cnn', '--data', '/nowhere'])).toBe(1);
    expect(output.stderr).toMatch(/--arch: unknown architecture "cnn"/);
  });

  it('names the file when an artifact is not a model, and writes no .onnx', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-cli-'));
    const bad = join(dir, 'bad.safetensors');
    await writeFile(bad, 'not a model at all');
    expect(await runCli(['export', '--model', bad, '--out', dir])).toBe(1);
    expect(output.stderr).toContain(bad);
    expect(await readdir(dir)).toEqual(['bad.safetensors']);
  });

  it('hands classify to infer-node and names a model file that is not ONNX', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'imdb-rnn-cli-'));
    const bad = join(dir, 'model.onnx');
    await writeFile(bad, 'not onnx');
    expect(await runCli(['classify', '--model', bad, 'great'])).toBe(1);
    expect(output.stderr).toContain(bad);
  });

  it('rejects an unknown --pooling value, listing the choices', async () => {
    expect(await runCli(['train', '--pooling', 'max', '--data', '/nowhere'])).toBe(1);
    expect(output.stderr).toMatch(/--pooling.*'max'.*last, last-max-mean/);
  });

  it.skipIf(!process.env.IMDB_RNN_DATA)(
    '--pooling last-max-mean trains a pooled BiLSTM whose model file, evaluation and int8 ONNX carry the pooling',
    async () => {
      const out = await mkdtemp(join(tmpdir(), 'imdb-rnn-pooling-'));
      const args = ['train', '--arch', 'bilstm', '--limit', '100', '--epochs', '1', '--out', out];
      const code = await runCli([...args, '--pooling', 'last-max-mean', '--export', 'int8']);
      expect(code, output.stderr).toBe(0);
      const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
      expect(results.runs[0].spec.pooling).toBe('last-max-mean');
      const model = join(out, 'models', 'bilstm-seed1.safetensors');
      const { metadata, tensors } = decodeArtifact(new Uint8Array(await readFile(model)));
      expect(metadata.spec.pooling).toBe('last-max-mean');
      expect(tensors['fc.weight']!.shape).toEqual([1, 3 * 2 * 10]);
      output.stdout = '';
      expect(await runCli(['evaluate', '--model', model, '--limit', '20'])).toBe(0);
      expect(JSON.parse(output.stdout).count).toBe(40);
      output.stdout = '';
      const onnx = join(out, 'models', 'bilstm.int8.onnx');
      expect(await runCli(['classify', '--model', onnx, '--no-progress', 'A fine film.'])).toBe(0);
      expect(JSON.parse(output.stdout).label).toMatch(/^(positive|negative)$/);
    },
    300_000,
  );

  it('names a missing data path', async () => {
    expect(await runCli(['evaluate', '--model', '/nowhere/m.safetensors'])).toBe(1);
    expect(output.stderr).toContain('/nowhere/m.safetensors');
  });

  it.skipIf(!process.env.IMDB_RNN_DATA)(
    'trains, evaluates, reports and exports all four models end to end on a small IMDB subset',
    async () => {
      const out = await mkdtemp(join(tmpdir(), 'imdb-rnn-e2e-'));
      // 250 reviews per split and label: 1,000 reviews in all, one epoch.
      const code = await runCli([
        'train',
        '--limit',
        '250',
        '--epochs',
        '1',
        '--out',
        out,
        '--export',
        'fp32,int8',
      ]);
      expect(code, output.stderr).toBe(0);
      const files = await readdir(out);
      for (const f of ['results.json', 'report.md', 'curves.svg', 'test-accuracy.svg']) {
        expect(files).toContain(f);
      }
      const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
      expect(results.runs.map((r: { architecture: string }) => r.architecture)).toEqual([
        'rnn',
        'gru',
        'lstm',
        'bilstm',
      ]);
      for (const run of results.runs) {
        expect(run.test.count).toBe(500);
        expect(run.history).toHaveLength(1);
      }
      const models = (await readdir(join(out, 'models'))).sort();
      expect(models).toEqual(
        ['bilstm', 'gru', 'lstm', 'rnn']
          .flatMap((a) => [`${a}-seed1.safetensors`, `${a}.fp32.onnx`, `${a}.int8.onnx`])
          .sort(),
      );

      output.stdout = '';
      const model = join(out, 'models', 'lstm-seed1.safetensors');
      expect(await runCli(['evaluate', '--model', model, '--limit', '50'])).toBe(0);
      const metrics = JSON.parse(output.stdout);
      expect(metrics.count).toBe(100);
      expect(metrics.accuracy).toBeGreaterThanOrEqual(0);

      output.stdout = '';
      const onnx = join(out, 'models', 'bilstm.int8.onnx');
      expect(await runCli(['classify', '--model', onnx, '--no-progress', 'A fine film.'])).toBe(0);
      expect(JSON.parse(output.stdout).label).toMatch(/^(positive|negative)$/);

      const again = join(out, 'again');
      expect(await runCli(['report', '--results', join(out, 'results.json'), '--out', again])).toBe(
        0,
      );
      expect((await readdir(again)).sort()).toEqual(
        ['curves.svg', 'report.md', 'results.json', 'test-accuracy.svg'].sort(),
      );
    },
    300_000,
  );
});
