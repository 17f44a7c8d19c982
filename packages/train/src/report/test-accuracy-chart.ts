import { ARCHITECTURE_LABELS } from '@imdb-rnn/core';
import { ARCHITECTURE_COLORS } from './architecture-labels.js';
import type { ChartSpec } from './render-svg.js';
import type { ResultsFile } from './results.js';

/** Marker kinds beside each bar, in legend order, with their shape and colour. */
/** `dx` is the horizontal offset from the bar's centre in pixels, so markers never overlap. */
const MARKERS = [
  { kind: 'each seed', shape: 'circle', color: '#222222', dx: 0 },
  { kind: 'published (reference study)', shape: 'diamond', color: '#d62728', dx: -26 },
  { kind: 'PyTorch 1.13 rerun', shape: 'triangle-up', color: '#6a3d9a', dx: 26 },
] as const;

/**
 * Test accuracy per architecture: a bar for the mean over seeds, a dot per
 * seed, and the two reference figures as markers beside it. Bars start at
 * chance level (50%), the floor of a balanced binary task, so a few points of
 * difference between architectures stay visible.
 */
export function testAccuracyChart(results: ResultsFile): ChartSpec {
  const { published, pytorchRerun } = results.reference;
  const present = results.aggregates.map((a) => a.architecture);
  const labels = present.map((a) => ARCHITECTURE_LABELS[a]);
  const bars = results.aggregates.map((a) => ({
    architecture: ARCHITECTURE_LABELS[a.architecture],
    mean: a.testAccuracy.mean,
    label: `${(a.testAccuracy.mean * 100).toFixed(1)}%`,
  }));
  const markers = results.aggregates.flatMap((a) => {
    const architecture = ARCHITECTURE_LABELS[a.architecture];
    return [
      ...a.testAccuracy.perSeed.map((value) => ({ architecture, ...MARKERS[0], value })),
      { architecture, ...MARKERS[1], value: published.testAccuracy[a.architecture] },
      { architecture, ...MARKERS[2], value: pytorchRerun.testAccuracy[a.architecture] },
    ];
  });
  const x = {
    field: 'architecture',
    type: 'nominal',
    title: 'Architecture',
    sort: labels,
    scale: { paddingInner: 0.25 },
    axis: { labelAngle: 0 },
  };
  const y = {
    type: 'quantitative',
    title: 'Test accuracy (full test split)',
    scale: { domain: [0.5, 1], zero: false, clamp: true },
    axis: { format: '.0%' },
  };
  const seeds = Math.max(0, ...results.aggregates.map((a) => a.seeds.length));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Test accuracy per architecture',
      subtitle: `bar: mean over ${seeds} seed${seeds === 1 ? '' : 's'}; bars start at chance (50%)`,
      anchor: 'start',
    },
    width: 440,
    height: 300,
    layer: [
      {
        data: { values: bars },
        mark: { type: 'bar', opacity: 0.85 },
        encoding: {
          x,
          y: { ...y, field: 'mean' },
          // `fill`, not `color`: the markers' colour legend must not list architectures.
          fill: {
            field: 'architecture',
            type: 'nominal',
            legend: null,
            scale: { domain: labels, range: present.map((a) => ARCHITECTURE_COLORS[a]) },
          },
        },
      },
      {
        data: { values: bars },
        mark: { type: 'text', baseline: 'bottom', dy: -4, fontWeight: 'bold', fontSize: 12 },
        encoding: { x, y: { datum: 0.5, type: 'quantitative' }, text: { field: 'label' } },
      },
      // One layer per marker kind so each gets its own pixel offset from the bar's centre;
      // the shared shape and colour scales still make one legend.
      ...MARKERS.map((marker) => ({
        data: { values: markers.filter((m) => m.kind === marker.kind) },
        // A white outline keeps markers visible on top of any bar colour.
        mark: {
          type: 'point',
          filled: true,
          size: 80,
          stroke: 'white',
          strokeWidth: 1,
          xOffset: marker.dx,
        },
        encoding: {
          x,
          y: { ...y, field: 'value' },
          shape: {
            field: 'kind',
            type: 'nominal',
            title: 'Markers',
            scale: { domain: MARKERS.map((m) => m.kind), range: MARKERS.map((m) => m.shape) },
          },
          color: {
            field: 'kind',
            type: 'nominal',
            title: 'Markers',
            scale: { domain: MARKERS.map((m) => m.kind), range: MARKERS.map((m) => m.color) },
          },
        },
      })),
    ],
    config: {
      font: 'sans-serif',
      background: 'white',
      padding: 12,
      legend: { labelLimit: 260, symbolSize: 110 },
    },
  };
}
