import { describe, expect, it } from 'vitest';
import { curvesChart } from './curves-chart.js';
import { renderSvg } from './render-svg.js';
import { syntheticResults } from './synthetic-results.js';
import { testAccuracyChart } from './test-accuracy-chart.js';

/** Checks that every opened tag is closed in order: enough to catch truncated or broken SVG. */
function expectWellFormed(svg: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  const stack: string[] = [];
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
}

function textsOf(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

describe('report charts', () => {
  const results = syntheticResults();

  it('draws train loss and validation accuracy of all four architectures as well-formed SVG', async () => {
    const svg = await renderSvg(curvesChart(results));
    expectWellFormed(svg);
    const texts = textsOf(svg);
    for (const label of ['RNN', 'GRU', 'LSTM', 'BiLSTM', 'Architecture', 'Epoch']) {
      expect(texts).toContain(label);
    }
    expect(texts).toContain('Train loss (binary cross-entropy)');
    expect(texts).toContain('Validation accuracy');
    // per panel: one thin line per run (4 architectures x 3 seeds) and one mean line per architecture
    const count = (layer: string) => svg.split(`class="mark-line role-mark ${layer}"`).length - 1;
    for (const panel of ['concat_0', 'concat_1']) {
      expect(count(`${panel}_layer_0_marks`)).toBe(12);
      expect(count(`${panel}_layer_1_layer_0_marks`)).toBe(4);
    }
  });

  it('draws test accuracy bars with seed and reference markers as well-formed SVG', async () => {
    const svg = await renderSvg(testAccuracyChart(results));
    expectWellFormed(svg);
    const texts = textsOf(svg);
    for (const label of ['RNN', 'GRU', 'LSTM', 'BiLSTM']) expect(texts).toContain(label);
    for (const kind of ['each seed', 'published (reference study)', 'PyTorch 1.13 rerun']) {
      expect(texts).toContain(kind);
    }
    for (const a of results.aggregates) {
      expect(texts).toContain(`${(a.testAccuracy.mean * 100).toFixed(1)}%`);
    }
  });

  it('draws only the architectures that were run', async () => {
    const subset = syntheticResults({ architectures: ['gru', 'bilstm'], seeds: [1] });
    for (const chart of [curvesChart(subset), testAccuracyChart(subset)]) {
      const texts = textsOf(await renderSvg(chart));
      expect(texts).toContain('GRU');
      expect(texts).toContain('BiLSTM');
      expect(texts).not.toContain('RNN');
      expect(texts).not.toContain('LSTM');
    }
  });

  it('rejects a chart spec that Vega-Lite warns about instead of drawing it wrong', async () => {
    await expect(
      renderSvg({
        data: { values: [{ a: 1 }] },
        mark: 'point',
        encoding: {
          x: { field: 'a', type: 'quantitative' },
          size: { field: 'a', type: 'nominal' },
        },
      }),
    ).rejects.toThrow(/Vega-Lite rejected a chart spec/);
  });
});
