import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportError } from '../errors';
import { syntheticResults } from './synthetic-results.js';
import { validateResults } from './validate-results.js';
import { renderReportFromFile, writeReport } from './write-report.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'imdb-rnn-report-'));

describe('writeReport', () => {
  it('writes results.json, report.md and both SVG charts into the folder', async () => {
    const dir = await tempDir();
    const results = syntheticResults();
    const paths = await writeReport(dir, results);
    const json: unknown = JSON.parse(await readFile(paths.results, 'utf8'));
    expect(validateResults(json)).toEqual(results);
    const markdown = await readFile(paths.markdown, 'utf8');
    expect(markdown).toContain('| Architecture | Seeds | Test accuracy: mean ± std (each seed) |');
    for (const name of ['RNN', 'GRU', 'LSTM', 'BiLSTM']) expect(markdown).toContain(`| ${name} |`);
    expect(markdown).toContain('![Test accuracy per architecture](test-accuracy.svg)');
    expect(await readFile(paths.curves, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(await readFile(paths.testAccuracy!, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);
  });

  it('refuses to write results that do not match the schema, naming the field', async () => {
    const dir = await tempDir();
    const results = syntheticResults({ architectures: ['gru'], seeds: [1] });
    (results.runs[0]!.history[0] as { trainLoss: unknown }).trainLoss = 'low';
    await expect(writeReport(dir, results)).rejects.toThrow(
      /runs\[0\]\.history\[0\]\.trainLoss must be a finite number, got "low"/,
    );
  });
});

describe('renderReportFromFile', () => {
  it('regenerates the same report from a results.json in another folder', async () => {
    const first = await tempDir();
    const second = await tempDir();
    const original = await writeReport(first, syntheticResults({ seeds: [4, 5] }));
    const again = await renderReportFromFile(original.results, second);
    for (const key of ['results', 'markdown', 'curves', 'testAccuracy'] as const) {
      expect(await readFile(again[key]!, 'utf8')).toBe(await readFile(original[key]!, 'utf8'));
    }
  });

  it('names the file when it is missing, not JSON, or of another schema version', async () => {
    const dir = await tempDir();
    const missing = join(dir, 'nope.json');
    await expect(renderReportFromFile(missing, dir)).rejects.toThrow(
      new RegExp(`${missing}: cannot read results file`),
    );
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"schemaVersion": 1,');
    await expect(renderReportFromFile(broken, dir)).rejects.toThrow(
      new RegExp(`${broken}: not valid JSON`),
    );
    const future = join(dir, 'future.json');
    await writeFile(future, JSON.stringify({ ...syntheticResults(), schemaVersion: 3 }));
    const error = await renderReportFromFile(future, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportError);
    expect((error as ReportError).message).toMatch(
      new RegExp(`${future}: schemaVersion is 3; .* reads schemaVersion 2`),
    );
  });
});
