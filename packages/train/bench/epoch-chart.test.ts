import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportError } from '../src/errors';
import { type EpochResults, epochChart, readEpochResults, renderEpochChart } from './epoch-chart';

const results: EpochResults = {
  machine: { cpus: 2, cpuModel: 'Test CPU', node: 'v20.0.0' },
  setup: 'test',
  rows: [
    {
      architecture: 'lstm',
      hiddenSize: 10,
      runs: [
        { name: 'ours, 1 thread', threads: 1, figures: { seconds: 20 } },
        { name: 'ours, 2 threads', threads: 2, figures: { seconds: 10 } },
        { name: 'PyTorch 1.13 packed, flush denormals', threads: 2, figures: { seconds: 105 } },
        { name: 'PyTorch 1.13 padded, flush denormals', threads: 2, figures: { seconds: 70 } },
      ],
    },
  ],
};

function textsOf(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

describe('epochChart', () => {
  it('labels each bar with its seconds and PyTorch bars with their ratio to ours on all threads', async () => {
    const svg = await renderEpochChart(JSON.stringify(results), 'epoch.json');
    const texts = textsOf(svg);
    expect(texts).toContain('LSTM');
    expect(texts).toContain('ours, 2 threads');
    expect(texts).toContain('PyTorch 1.13 packed');
    expect(texts).toContain('10.0 s');
    expect(texts).toContain('20.0 s (2.0x)');
    expect(texts).toContain('105.0 s (10.5x)');
    expect(texts).toContain('70.0 s (7.0x)');
    // The subtitle's lines are tspans: look for them in the SVG itself.
    expect(svg).toContain(
      '>2 x Test CPU, Node v20.0.0; PyTorch on 2 threads with flush-to-zero; shorter is faster<',
    );
    // Four bars: one per trainer.
    expect(svg.split('<path').length - 1).toBeGreaterThanOrEqual(4);
  });

  it('says so when a run had no PyTorch trainers (--no-pytorch)', async () => {
    const ours = {
      ...results,
      rows: [{ ...results.rows[0]!, runs: results.rows[0]!.runs.slice(0, 2) }],
    };
    const svg = await renderEpochChart(JSON.stringify(ours), 'epoch.json');
    expect(svg).toContain('>2 x Test CPU, Node v20.0.0; no PyTorch runs; shorter is faster<');
    expect(textsOf(svg)).toContain('20.0 s (2.0x)');
  });

  it('names a panel with its hidden size when it is not the reference 10', () => {
    const wide = { ...results, rows: [{ ...results.rows[0]!, hiddenSize: 32 }] };
    const values = (epochChart(wide).data as { values: { panel: string }[] }).values;
    expect(new Set(values.map((v) => v.panel))).toEqual(new Set(['LSTM (hidden 32)']));
  });

  it('rejects a results file that lacks a figure, naming the field', () => {
    const broken = JSON.parse(JSON.stringify(results));
    delete broken.rows[0].runs[2].figures.seconds;
    expect(() => readEpochResults(JSON.stringify(broken), 'epoch.json')).toThrow(ReportError);
    expect(() => readEpochResults(JSON.stringify(broken), 'epoch.json')).toThrow(
      'epoch.json: rows[0].runs[2].figures.seconds must be a finite number',
    );
    expect(() => readEpochResults('{', 'epoch.json')).toThrow('epoch.json: (file) is not JSON');
    const alone = {
      ...results,
      rows: [{ ...results.rows[0]!, runs: results.rows[0]!.runs.slice(2) }],
    };
    expect(() => readEpochResults(JSON.stringify(alone), 'epoch.json')).toThrow(
      'rows[0].runs has no run of ours',
    );
  });

  // The README shows these charts: each must be the one its committed run's JSON draws.
  for (const name of ['epoch', 'epoch-rerun']) {
    const json = join(__dirname, 'results', `${name}.json`);
    const svg = join(__dirname, 'results', `${name}.svg`);
    it.runIf(existsSync(json))(
      `results/${name}.svg is drawn from results/${name}.json`,
      async () => {
        expect(existsSync(svg), `${svg} is missing: run bench:train --render-only`).toBe(true);
        expect(readFileSync(svg, 'utf8')).toBe(
          await renderEpochChart(readFileSync(json, 'utf8'), json),
        );
      },
    );
  }
});
