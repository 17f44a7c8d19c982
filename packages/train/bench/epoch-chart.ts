import {
  ARCHITECTURE_LABELS,
  ARCHITECTURES,
  type Architecture,
  DEFAULT_SPEC,
} from '@imdb-rnn/core';
import { ReportError } from '../src/errors';
import {
  type Fail,
  readArray,
  readNumber,
  readOneOf,
  readRecord,
  readString,
} from '../src/report/json-fields';
import { type ChartSpec, renderSvg } from '../src/report/render-svg';

/**
 * What `bench:train` writes to bench/results/epoch.json (the fields the chart
 * and the README read; the file has more).
 */
export interface EpochResults {
  machine: { cpus: number; cpuModel?: string | undefined; node: string };
  setup: string;
  rows: {
    architecture: Architecture;
    hiddenSize: number;
    runs: { name: string; threads: number; figures: { seconds: number } }[];
  }[];
}

/** epoch.json parsed and checked: a clear ReportError naming the field, never a chart of undefined. */
export function readEpochResults(text: string, source: string): EpochResults {
  const fail: Fail = (path, problem) => {
    throw new ReportError('BAD_BENCH_RESULTS', `${source}: ${path} ${problem}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail('(file)', `is not JSON: ${(error as Error).message}`);
  }
  const top = readRecord(json, '(file)', fail);
  const machine = readRecord(top.machine, 'machine', fail);
  const rows = readArray(top.rows, 'rows', fail).map((value, i) => {
    const row = readRecord(value, `rows[${i}]`, fail);
    const runs = readArray(row.runs, `rows[${i}].runs`, fail).map((run, j) => {
      const path = `rows[${i}].runs[${j}]`;
      const fields = readRecord(run, path, fail);
      const figures = readRecord(fields.figures, `${path}.figures`, fail);
      return {
        name: readString(fields.name, `${path}.name`, fail),
        threads: readNumber(fields.threads, `${path}.threads`, fail, { min: 1, integer: true }),
        figures: {
          seconds: readNumber(figures.seconds, `${path}.figures.seconds`, fail, { min: 0 }),
        },
      };
    });
    if (!runs.some((run) => run.name.startsWith('ours')))
      fail(`rows[${i}].runs`, 'has no run of ours');
    return {
      architecture: readOneOf(row.architecture, `rows[${i}].architecture`, fail, ARCHITECTURES),
      hiddenSize: readNumber(row.hiddenSize, `rows[${i}].hiddenSize`, fail, {
        min: 1,
        integer: true,
      }),
      runs,
    };
  });
  const cpuModel = machine.cpuModel;
  return {
    machine: {
      cpus: readNumber(machine.cpus, 'machine.cpus', fail, { min: 1, integer: true }),
      cpuModel: typeof cpuModel === 'string' ? cpuModel : undefined,
      node: readString(machine.node, 'machine.node', fail),
    },
    setup: readString(top.setup, 'setup', fail),
    rows,
  };
}

const OURS = 'ours (TensorFlow.js, our kernels)';
const PYTORCH = 'PyTorch 1.13';

/** Ours on all threads, which every ratio is against: the last of our runs (bench:train runs 1 thread, then all). */
export function oursOf<T extends { name: string }>(runs: readonly T[]): T {
  return runs.filter((run) => run.name.startsWith('ours')).at(-1)!;
}

/** The trainer a run name stands for, without the flush-to-zero suffix (the subtitle says it once). */
function trainerLabel(name: string): string {
  return name.replace(/, flush denormals$/, '');
}

/**
 * Seconds per epoch of every trainer, an architecture per panel, on one
 * shared scale: the same figures as epoch.md's table, drawn so that the gap
 * between ours and PyTorch is seen rather than read. Each bar is labelled
 * with its seconds and, but for ours on all threads, how many times longer it
 * took than that run (the table's ratio).
 */
export function epochChart(results: EpochResults): ChartSpec {
  const bars = results.rows.flatMap(({ architecture, hiddenSize, runs }) => {
    const ours = oursOf(runs);
    const panel = `${ARCHITECTURE_LABELS[architecture]}${hiddenSize === DEFAULT_SPEC.hiddenSize ? '' : ` (hidden ${hiddenSize})`}`;
    return runs.map((run) => {
      const seconds = run.figures.seconds;
      const mine = run.name.startsWith('ours');
      const ratio = seconds / ours.figures.seconds;
      return {
        panel,
        trainer: trainerLabel(run.name),
        family: mine ? OURS : PYTORCH,
        seconds,
        label:
          run === ours
            ? `${seconds.toFixed(1)} s`
            : `${seconds.toFixed(1)} s (${ratio.toFixed(1)}x)`,
      };
    });
  });
  const trainers = [...new Set(bars.map((bar) => bar.trainer))];
  const flushed = results.rows.some(({ runs }) =>
    runs.some((r) => r.name.endsWith('flush denormals')),
  );
  const torch = results.rows.flatMap(({ runs }) => runs.filter((r) => !r.name.startsWith('ours')));
  const torchThreads = [...new Set(torch.map((r) => r.threads))].join(' / ');
  const machine = `${results.machine.cpus} x ${results.machine.cpuModel ?? 'CPU'}, Node ${results.machine.node}`;
  const longest = Math.max(...bars.map((bar) => bar.seconds));
  // The run every ratio is against: ours on all threads (the same name in every row).
  const against = [...new Set(results.rows.map(({ runs }) => oursOf(runs).name))].join(' / ');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Seconds per training epoch, same batches (bench:train)',
      subtitle: [
        `${machine}; ${torch.length === 0 ? 'no PyTorch runs' : `PyTorch on ${torchThreads} thread${torchThreads === '1' ? '' : 's'}${flushed ? ' with flush-to-zero' : ''}`}; shorter is faster`,
        `label: seconds per epoch (and how many times longer than ${against})`,
      ],
      anchor: 'start',
    },
    data: { values: bars },
    facet: {
      row: {
        field: 'panel',
        type: 'nominal',
        title: null,
        sort: [...new Set(bars.map((bar) => bar.panel))],
        header: { labelAngle: 0, labelAlign: 'left', labelFontWeight: 'bold' },
      },
    },
    spec: {
      width: 420,
      height: { step: 18 },
      encoding: {
        y: { field: 'trainer', type: 'nominal', title: null, sort: trainers },
        x: {
          field: 'seconds',
          type: 'quantitative',
          title: 'Seconds per epoch',
          // Room to the right of the longest bar for its label.
          scale: { domain: [0, longest * 1.45] },
        },
      },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            color: {
              field: 'family',
              type: 'nominal',
              title: null,
              // Ours in colour, PyTorch in grey, whatever the alphabet says.
              scale: { domain: [OURS, PYTORCH], range: ['#4c78a8', '#bab0ac'] },
              legend: { orient: 'bottom', labelLimit: 300 },
            },
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
          encoding: { text: { field: 'label', type: 'nominal' } },
        },
      ],
    },
  };
}

/** epoch.json's text as the SVG chart bench:train writes beside it (epoch.svg). */
export async function renderEpochChart(text: string, source: string): Promise<string> {
  return `${await renderSvg(epochChart(readEpochResults(text, source)))}\n`;
}
