import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { buildTestModel, type TestModel } from '@imdb-rnn/export-onnx/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { runClassifyCommand } from './classify-command.js';

const dir = mkdtempSync(join(tmpdir(), 'infer-node-cli-'));
const modelPath = join(dir, 'gru.onnx');
let model: TestModel;

beforeAll(async () => {
  model = buildTestModel('gru');
  writeFileSync(modelPath, model.onnx());
}, 60_000);

async function run(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await runClassifyCommand(args, { stdout, stderr });
  const lines = out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, lines, err };
}

describe('imdb-rnn classify', () => {
  it('classifies texts given as arguments, one JSON line each, agreeing with the model', async () => {
    const texts = ['A wonderful, moving film.', 'Awful and boring.'];
    const { code, lines } = await run(['--model', modelPath, ...texts]);
    expect(code).toBe(0);
    const expected = model.probabilities(texts);
    expect(lines).toHaveLength(2);
    lines.forEach((line, i) => {
      expect(Math.abs((line.score as number) - expected[i]!)).toBeLessThan(1e-5);
      expect(['positive', 'negative']).toContain(line.label);
    });
  });

  it('--explain prints the tokens with contributions', async () => {
    const { code, lines } = await run(['-m', modelPath, '--explain', 'superb acting']);
    expect(code).toBe(0);
    const tokens = lines[0]!.tokens as { token: string; contribution: number }[];
    expect(tokens.map((t) => t.token)).toEqual(['superb', 'acting']);
  });

  it('streams a .jsonl file (strings or {id, text}) keeping ids and line numbers', async () => {
    const input = join(dir, 'reviews.jsonl');
    const texts = Array.from(
      { length: 1200 },
      (_, i) => `review ${i}: ${'great '.repeat(i % 9)}film`,
    );
    const rows = texts.map((text, i) =>
      i % 2 ? JSON.stringify(text) : JSON.stringify({ id: `r${i}`, text }),
    );
    writeFileSync(input, `${rows.join('\n')}\n\n`);
    const { code, lines, err } = await run(['-m', modelPath, '--input', input]);
    expect(code).toBe(0);
    expect(lines).toHaveLength(1200);
    expect(lines[0]).toMatchObject({ id: 'r0', line: 1 });
    expect(lines[1]).toMatchObject({ line: 2 });
    expect(lines[1]!.id).toBeUndefined();
    const expected = model.probabilities(texts.slice(0, 50));
    for (let i = 0; i < 50; i++) {
      expect(Math.abs((lines[i]!.score as number) - expected[i]!)).toBeLessThan(1e-5);
    }
    expect(err).toMatch(/classified 1200 reviews in [\d.]+ s \(\d+ reviews\/s\)/);
  });

  it('streams a .txt file, one review per line', async () => {
    const input = join(dir, 'reviews.txt');
    writeFileSync(input, 'Loved it.\nHated it.\n');
    const { code, lines } = await run(['-m', modelPath, '-i', input, '--no-progress']);
    expect(code).toBe(0);
    expect(lines.map((line) => line.line)).toEqual([1, 2]);
  });

  it('exits 1 naming file and line for a bad JSONL line', async () => {
    const input = join(dir, 'bad.jsonl');
    writeFileSync(input, '"fine"\n{"text": 3}\n');
    const { code, err } = await run(['-m', modelPath, '-i', input]);
    expect(code).toBe(1);
    expect(err).toContain('bad.jsonl:2: expected a JSON string or an object with a string "text"');
    writeFileSync(input, '{oops\n');
    expect((await run(['-m', modelPath, '-i', input])).err).toContain(
      'bad.jsonl:1: not valid JSON',
    );
  });

  it('exits 1 for a missing input file or a model that is not ONNX', async () => {
    const missing = await run(['-m', modelPath, '-i', join(dir, 'none.txt')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('none.txt: no such file');
    const notModel = join(dir, 'not-a-model.onnx');
    writeFileSync(notModel, 'hello');
    const bad = await run(['-m', notModel, 'text']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('not an ONNX model');
  });

  it('exits 2 on bad usage', async () => {
    expect((await run(['text'])).code).toBe(2); // no --model
    expect((await run(['-m', modelPath])).code).toBe(2); // nothing to classify
    expect((await run(['-m', modelPath, '-i', join(dir, 'x.csv')])).err).toContain(
      'unknown input type ".csv"',
    );
    expect((await run(['-m', modelPath, '-b', '0', 'text'])).code).toBe(2);
  });
});
