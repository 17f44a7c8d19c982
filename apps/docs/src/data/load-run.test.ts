import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReport } from '@imdb-rnn/train';
import { syntheticResults } from '@imdb-rnn/train/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRunReport } from './load-run';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'docs-run-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadRunReport', () => {
  it('reports a run folder without results.json as missing', async () => {
    const report = await loadRunReport(dir);
    expect(report.status).toBe('missing');
  });

  it('rejects results made by syntheticResults so test data is never shown as results', async () => {
    await writeReport(dir, syntheticResults({ seeds: [1], reviews: 200 }));
    const report = await loadRunReport(dir);
    expect(report).toMatchObject({ status: 'rejected' });
    expect(report.status !== 'ok' && report.reason).toMatch(/test data/);
  });

  it('rejects a results.json that fails the schema, naming the field', async () => {
    const results = { ...syntheticResults({ seeds: [1], reviews: 200 }), schemaVersion: 99 };
    await writeFile(join(dir, 'results.json'), JSON.stringify(results));
    const report = await loadRunReport(dir);
    expect(report.status).toBe('rejected');
    expect(report.status !== 'ok' && report.reason).toMatch(/schemaVersion/);
  });

  it('returns the results and both SVG charts of a training run report folder', async () => {
    // A real run's generator; the numbers themselves do not matter to the loader.
    const results = {
      ...syntheticResults({ seeds: [1, 2], reviews: 200 }),
      generator: 'imdb-rnn train',
    };
    await writeReport(dir, results);
    const report = await loadRunReport(dir);
    if (report.status !== 'ok') throw new Error(`expected ok, got ${report.reason}`);
    expect(report.results.aggregates.map((a) => a.architecture)).toEqual([
      'rnn',
      'gru',
      'lstm',
      'bilstm',
    ]);
    expect(report.curvesSvg).toContain('<svg');
    expect(report.testAccuracySvg).toContain('<svg');
  });
});
