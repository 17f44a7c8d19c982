import { ARCHITECTURE_LABELS, ARCHITECTURES } from '@imdb-rnn/core';
import { ARCHITECTURE_COLORS } from './architecture-labels.js';
import type { ChartSpec } from './render-svg.js';
import type { ResultsFile } from './results.js';

const PANEL = { width: 320, height: 240 };

/**
 * Train loss and validation accuracy per epoch for every architecture on one
 * chart: two panels side by side sharing one colour legend. Each seed is a
 * thin line and the mean over seeds a thick line with points, so a single
 * diverging seed (the simple RNN's habit) stays visible instead of being
 * averaged into a smooth curve.
 */
export function curvesChart(results: ResultsFile): ChartSpec {
  const rows = results.runs.flatMap((run) =>
    run.history.map((e) => ({
      architecture: ARCHITECTURE_LABELS[run.architecture],
      seed: run.seed,
      epoch: e.epoch,
      trainLoss: e.trainLoss,
      validationAccuracy: e.validationAccuracy,
    })),
  );
  const present = ARCHITECTURES.filter((a) => results.runs.some((r) => r.architecture === a));
  const color = {
    field: 'architecture',
    type: 'nominal',
    title: 'Architecture',
    scale: {
      domain: present.map((a) => ARCHITECTURE_LABELS[a]),
      range: present.map((a) => ARCHITECTURE_COLORS[a]),
    },
  };
  const maxEpoch = Math.max(1, ...rows.map((r) => r.epoch));
  const epochAxis = {
    field: 'epoch',
    type: 'quantitative',
    title: 'Epoch',
    scale: { domain: [1, maxEpoch] },
    axis: { tickMinStep: 1, format: 'd' },
  };
  const panel = (field: 'trainLoss' | 'validationAccuracy', title: string, axisTitle: string) => {
    const y = {
      field,
      type: 'quantitative',
      title: axisTitle,
      scale: { zero: false },
      ...(field === 'validationAccuracy' ? { axis: { format: '.0%' } } : {}),
    };
    return {
      ...PANEL,
      title,
      layer: [
        {
          mark: { type: 'line', strokeWidth: 1, opacity: 0.45 },
          encoding: { x: epochAxis, y, color, detail: { field: 'seed', type: 'nominal' } },
        },
        {
          mark: { type: 'line', strokeWidth: 3, point: { size: 45 } },
          encoding: { x: epochAxis, y: { ...y, aggregate: 'mean' }, color },
        },
      ],
    };
  };
  const seeds = new Set(results.runs.map((r) => r.seed)).size;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Training curves per architecture',
      subtitle: `thick line: mean over ${seeds} seed${seeds === 1 ? '' : 's'}; thin lines: each seed`,
      anchor: 'start',
    },
    data: { values: rows },
    hconcat: [
      panel('trainLoss', 'Train loss (binary cross-entropy)', 'Mean train loss'),
      // A final fit (validationSize 0) has no validation figures to plot.
      ...(rows.some((r) => r.validationAccuracy !== undefined)
        ? [panel('validationAccuracy', 'Validation accuracy', 'Validation accuracy')]
        : []),
    ],
    resolve: { scale: { color: 'shared' } },
    // Legend symbols as thick opaque strokes: they would otherwise copy the pale seed lines.
    config: {
      font: 'sans-serif',
      background: 'white',
      padding: 12,
      legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1, symbolSize: 300 },
    },
  };
}
