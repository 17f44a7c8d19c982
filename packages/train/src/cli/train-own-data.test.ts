import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeArtifact } from '@imdb-rnn/core';
import { loadClassifier } from '@imdb-rnn/infer-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImdb } from '../data/imdb';
import type { LabelledText } from '../data/labelled-file';
import { splitOwnData } from '../data/labelled-splits';
import { validateResults } from '../report/validate-results';
import { captureOutput } from './capture-output.test-support';
import { runCli } from './program';

// Issue 15 item 4, end to end: `imdb-rnn train --data` on a CSV and on a JSONL
// file whose labels are not IMDB's names, then the exported ONNX model in
// infer-node must answer with those names, and agree with the accuracy training
// measured (a swapped class order would give 1 - accuracy instead). The texts are
// real IMDB reviews; the label names are the user's. Small on purpose: 1 epoch,
// hidden size 8, no GloVe, one architecture.
const data = process.env.IMDB_RNN_DATA;
const SMALL = ['--arch', 'gru', '--epochs', '1', '--hidden', '8', '--vectors', 'none'];

// Captures what the CLI writes, so tests can assert on messages.
const output = captureOutput();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'own-data-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** RFC 4180: every field quoted, quotes doubled (reviews hold commas, quotes and `<br />`). */
function toCsv(rows: readonly LabelledText[], header = ['review', 'verdict']): string {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return `${[header, ...rows.map((r) => [r.text, r.label])].map((f) => f.map(quote).join(',')).join('\r\n')}\r\n`;
}

/** The share of `rows` whose label the classifier at `onnx` gives, and the names it gave. */
async function accuracyInInferNode(onnx: string, rows: readonly LabelledText[]) {
  const classifier = await loadClassifier(onnx);
  try {
    const predictions = await classifier.classify(rows.map((r) => r.text));
    const right = predictions.filter((p, i) => p.label === rows[i]!.label).length;
    return {
      labels: classifier.metadata.labels,
      given: new Set(predictions.map((p) => p.label)),
      accuracy: right / rows.length,
    };
  } finally {
    await classifier.dispose();
  }
}

async function readResults(out: string) {
  return validateResults(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
}

describe.skipIf(data === undefined)('imdb-rnn train --data: your own labelled texts', () => {
  let train: LabelledText[];
  let test: LabelledText[];
  beforeAll(async () => {
    // 150 reviews of each label per split, an evenly spaced subset (readImdb's limit).
    const imdb = await readImdb(data!, { limit: 150 });
    const name = (label: 0 | 1) => (label === 1 ? 'liked' : 'disliked');
    train = imdb.train.map((r) => ({ text: r.text, label: name(r.label) }));
    // An odd count, so the swapped classes' accuracy (1 - a) can never equal a.
    test = imdb.test
      .filter((_, i) => i % 3 === 0)
      .slice(1)
      .map((r) => ({ text: r.text, label: name(r.label) }));
    expect(test.length % 2).toBe(1);
  }, 120_000);

  it('from a CSV with --test-data: the ONNX model answers "liked"/"disliked" with the accuracy training measured', async () => {
    const csv = join(dir, 'reviews.csv');
    const testCsv = join(dir, 'reviews-test.csv');
    await writeFile(csv, toCsv(train));
    await writeFile(testCsv, toCsv(test));
    const out = join(dir, 'csv-run');
    const args = ['train', '--data', csv, '--test-data', testCsv, '--text-field', 'review'];
    args.push('--label-field', 'verdict', ...SMALL, '--export', 'fp32', '--out', out);
    expect(await runCli(args), output.stderr).toBe(0);
    // "liked" is class 1: the later of the two names in code-point order.
    expect(output.stderr).toContain('classes: "disliked" (0) and "liked" (1');

    const artifact = decodeArtifact(
      new Uint8Array(await readFile(join(out, 'models/gru-seed1.safetensors'))),
    );
    expect(artifact.metadata.labels).toEqual(['disliked', 'liked']);
    const results = await readResults(out);
    expect(results.data).toEqual({
      source: `${csv}; test: ${testCsv}`,
      labels: ['disliked', 'liked'],
      trainExamples: 270,
      validationExamples: 30,
      testExamples: test.length,
    });
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain(
      'classes "disliked" (0) and "liked" (1)',
    );

    const onnx = await accuracyInInferNode(join(out, 'models/gru.fp32.onnx'), test);
    expect(onnx.labels).toEqual(['disliked', 'liked']);
    for (const label of onnx.given) expect(['disliked', 'liked']).toContain(label);
    expect(onnx.accuracy).toBeCloseTo(results.runs[0]!.test!.accuracy, 10);

    // `imdb-rnn evaluate` on the same file agrees too.
    const evaluateArgs = ['evaluate', '--model', join(out, 'models/gru-seed1.safetensors')];
    evaluateArgs.push('--data', testCsv, '--text-field', 'review', '--label-field', 'verdict');
    expect(await runCli(evaluateArgs), output.stderr).toBe(0);
    const evaluated = JSON.parse(output.stdout) as { reviews: number; accuracy: number };
    expect(evaluated.reviews).toBe(test.length);
    expect(evaluated.accuracy).toBeCloseTo(results.runs[0]!.test!.accuracy, 10);
  }, 300_000);

  it('from a JSONL without a test file: a stratified split, --positive-label, the names back from infer-node', async () => {
    const jsonl = join(dir, 'reviews.jsonl');
    const rows = [...train, ...test].map((r) => ({
      text: r.text,
      label: r.label === 'liked' ? 'up' : 'down',
    }));
    await writeFile(
      jsonl,
      `${rows.map((r) => JSON.stringify({ text: r.text, stars: r.label })).join('\n')}\n`,
    );
    const out = join(dir, 'jsonl-run');
    const args = ['train', '--data', jsonl, '--label-field', 'stars', '--positive-label', 'up'];
    args.push(...SMALL, '--export', 'fp32', '--out', out);
    expect(await runCli(args), output.stderr).toBe(0);
    expect(output.stderr).toContain('classes: "down" (0) and "up" (1');

    // The held-out test split is reproducible from the library with the same defaults.
    const { test: held } = splitOwnData({ train: rows, positiveLabel: 'up' });
    const heldRows = held.map((e) => ({ text: e.text, label: e.label === 1 ? 'up' : 'down' }));
    const results = await readResults(out);
    expect(results.data?.testExamples).toBe(heldRows.length);
    const onnx = await accuracyInInferNode(join(out, 'models/gru.fp32.onnx'), heldRows);
    expect(onnx.labels).toEqual(['down', 'up']);
    expect(onnx.accuracy).toBeCloseTo(results.runs[0]!.test!.accuracy, 10);
  }, 300_000);

  it('refuses fewer than 10 examples of a class; warns at 95/5 and still trains', async () => {
    const tsv = join(dir, 'imbalanced.tsv');
    const disliked = [...train, ...test].filter((r) => r.label === 'disliked').slice(0, 190);
    const liked = train.filter((r) => r.label === 'liked');
    // TSV as spreadsheets write it: no quoting, so no tabs or line breaks inside a text.
    const writeTsv = (rows: LabelledText[]) =>
      writeFile(
        tsv,
        `text\tlabel\n${rows.map((r) => `${r.text.replace(/[\t\r\n]/g, ' ')}\t${r.label}`).join('\n')}\n`,
      );

    await writeTsv([...disliked, ...liked.slice(0, 9)]);
    expect(await runCli(['train', '--data', tsv, ...SMALL, '--out', join(dir, 'x')])).toBe(1);
    expect(output.stderr).toContain(
      `${tsv}: only 9 examples labelled "liked" of 199; each class needs at least 10`,
    );

    output.stderr = '';
    await writeTsv([...disliked, ...liked.slice(0, 10)]);
    const out = join(dir, 'imbalanced-run');
    expect(
      await runCli(['train', '--data', tsv, ...SMALL, '--export', 'none', '--out', out]),
      output.stderr,
    ).toBe(0);
    expect(output.stderr).toContain(
      `warning: ${tsv}: only 10 of 200 examples (5.0%) are "liked": a model that always answers "disliked" is 95.0% accurate`,
    );
  }, 300_000);
});

describe('imdb-rnn train --data: data it refuses, naming file and line', () => {
  it('a bad row', async () => {
    const csv = join(dir, 'bad-row.csv');
    await writeFile(csv, 'text,label\n"fine",a\n"broken,b\n');
    expect(await runCli(['train', '--data', csv, '--out', join(dir, 'bad')])).toBe(1);
    expect(output.stderr).toContain(
      `imdb-rnn: DataFileError: ${csv}:3: not valid CSV: Quote Not Closed`,
    );
  });

  it('a single class', async () => {
    const jsonl = join(dir, 'one-class.jsonl');
    const lines = Array.from({ length: 120 }, (_, i) =>
      JSON.stringify({ text: `review ${i}`, label: 'spam' }),
    );
    await writeFile(jsonl, lines.join('\n'));
    expect(await runCli(['train', '--data', jsonl, '--out', join(dir, 'one')])).toBe(1);
    expect(output.stderr).toContain(`DataFileError: ${jsonl}: every example has the label "spam"`);
  });

  it('own-data options with IMDB data', async () => {
    expect(await runCli(['train', '--data', '/nowhere/aclImdb', '--text-field', 'body'])).toBe(1);
    expect(output.stderr).toContain('--text-field: applies to your own data only');
  });
});
