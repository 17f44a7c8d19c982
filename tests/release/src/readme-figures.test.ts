import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './workspace';

// The READMEs' measured figures are copied from the committed reports by
// scripts/sync-figures.mjs; CI runs its --check here so a README can never
// show a figure its report does not.
const run = promisify(execFile);
const script = join(repoRoot, 'scripts/sync-figures.mjs');

/** Exit code and stderr of sync-figures.mjs with `args`. */
async function syncFigures(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, [script, ...args]);
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
  }
}

/** The READMEs and the reports their figures come from, copied into a scratch root. */
function copyOfFigures(): string {
  const root = mkdtempSync(join(tmpdir(), 'imdb-rnn-figures-'));
  for (const file of [
    'README.md',
    'packages/train/README.md',
    'packages/train/bench/results/epoch.md',
    'packages/train/results/reference/report.md',
    'packages/train/results/best/report.md',
  ]) {
    cpSync(join(repoRoot, file), join(root, file));
  }
  return root;
}

/** The parts of a committed results.json (`packages/train/results/<folder>/`) these tests read. */
interface CommittedResults {
  runs: {
    seed: number;
    totalTrainingSeconds: number;
    test: { accuracy: number };
    history: { validationAccuracy?: number }[];
  }[];
}

function committedResults(folder: string): CommittedResults {
  const file = join(repoRoot, 'packages/train/results', folder, 'results.json');
  return JSON.parse(readFileSync(file, 'utf8')) as CommittedResults;
}

/** A README's text with every run of whitespace made one space, so quotes may wrap. */
function readmeText(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8').replace(/\s+/g, ' ');
}

/** Training seconds summed over a committed results.json's runs, as the README quotes them. */
function trainingSeconds(folder: string): number {
  return committedResults(folder).runs.reduce((sum, run) => sum + run.totalTrainingSeconds, 0);
}

describe("the main job's training time in README.md", () => {
  it("is the committed results.json files' totalTrainingSeconds, in seconds and minutes", () => {
    const readme = readmeText('README.md');
    const quoted =
      /twelve runs trained for (\d+) minutes in all and the `best` BiLSTM's three seeds for (\d+) minutes \(`totalTrainingSeconds` summed over each `results\.json`'s runs: ([\d,]+) s and ([\d,]+) s\)/.exec(
        readme,
      );
    expect(quoted, "README.md quotes the main job's training time").not.toBeNull();
    const [, refMinutes, bestMinutes, refSeconds, bestSeconds] = quoted!;
    const reference = trainingSeconds('reference');
    const best = trainingSeconds('best');
    expect(refSeconds).toBe(Math.round(reference).toLocaleString('en-US'));
    expect(bestSeconds).toBe(Math.round(best).toLocaleString('en-US'));
    expect(Number(refMinutes)).toBe(Math.round(reference / 60));
    expect(Number(bestMinutes)).toBe(Math.round(best / 60));
  });
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("the best preset's final-fit paragraph in packages/train/README.md", () => {
  const pct = (x: number) => (100 * x).toFixed(2);

  /** Mean validation accuracy of a set of runs after each epoch, as the README lists it. */
  const curveOf = (runs: CommittedResults['runs']) =>
    Array.from({ length: Math.min(...runs.map((run) => run.history.length)) }, (_, e) =>
      pct(mean(runs.map((run) => run.history[e]!.validationAccuracy!))),
    );
  const listed = (curve: string[]) => `${curve.slice(0, -1).join(', ')} and ${curve.at(-1)}%`;

  it("quotes both learning rates' mean validation curves and every run's test accuracy from their results.json", () => {
    const readme = readmeText('packages/train/README.md');
    const holdout = committedResults('best-holdout');
    // The 5e-3 trials: seed 1 in one folder, seeds 2 and 3 in another.
    const lr005 = [
      ...committedResults('trials/best-lr005-seed1').runs,
      ...committedResults('trials/best-lr005-seeds2-3').runs,
    ];
    expect(lr005.map((run) => run.seed)).toEqual(holdout.runs.map((run) => run.seed));
    const epochs = holdout.runs[0]!.history.length;
    expect(readme).toContain(
      `averaged ${listed(curveOf(holdout.runs))} validation accuracy after epochs 1-${epochs} at Adam 3e-3`,
    );
    expect(readme).toContain(`and ${listed(curveOf(lr005))} at 5e-3`);
    // The movie-grouped hold-out (runs of 125 consecutive ids): 5e-3 as above, the
    // same with the embedding at 0.3 of the rate, and with that rate and 10,000 words
    // at dropout 0.65 and at 0.2, the setup the preset now trains.
    const block = committedResults('trials/block-best-lr005-seeds1-3').runs;
    const blockElr = committedResults('trials/block-elr03-seeds1-3').runs;
    const blockVocab = [
      ...committedResults('trials/block-elr03-vocab10k-seed1').runs,
      ...committedResults('trials/block-elr03-vocab10k-seeds2-3').runs,
    ];
    const blockChosen = committedResults('trials/block-elr03-vocab10k-dropout02-seeds1-3').runs;
    for (const runs of [blockElr, blockVocab, blockChosen])
      expect(runs.map((run) => run.seed)).toEqual([1, 2, 3]);
    expect(readme).toContain(
      `the same three seeds averaged ${listed(curveOf(block))} at 5e-3 and ${listed(curveOf(blockElr))} with the embedding at 0.3 of that rate`,
    );
    expect(readme).toContain(
      `${listed(curveOf(blockVocab))} at dropout 0.65 and ${listed(curveOf(blockChosen))} at dropout 0.2`,
    );
    // The final fits record no validation figures: they held nothing out.
    const fit = committedResults('best');
    const dropout065Fit = committedResults('best-fit-dropout065');
    const lr005Fit = committedResults('best-fit-lr5e-3');
    const earlierFit = committedResults('best-fit-lr3e-3');
    for (const run of [...fit.runs, ...dropout065Fit.runs, ...lr005Fit.runs, ...earlierFit.runs])
      expect(run.history.every((e) => e.validationAccuracy === undefined)).toBe(true);
    // Each final fit's epoch count is the peak of the curve that chose it.
    const peak = (runs: CommittedResults['runs']) => {
      const curve = curveOf(runs).map(Number);
      return curve.indexOf(Math.max(...curve)) + 1;
    };
    expect(lr005Fit.runs[0]!.history.length).toBe(peak(lr005));
    expect(dropout065Fit.runs[0]!.history.length).toBe(peak(blockElr));
    expect(fit.runs[0]!.history.length).toBe(peak(blockChosen));
    const testMean = (r: CommittedResults) => pct(mean(r.runs.map((run) => run.test.accuracy)));
    const each = holdout.runs.map((run) => pct(run.test.accuracy)).join(', ');
    expect(readme).toContain(
      `${testMean(fit)}% here against ${testMean(dropout065Fit)}% for the fit at dropout 0.65 with 23,000 words (\`results/best-fit-dropout065/\`), ${testMean(lr005Fit)}% for the 5e-3 final fit of 3 epochs chosen on single reviews (\`results/best-fit-lr5e-3/\`), ${testMean(earlierFit)}% for the 3e-3 final fit of 5 epochs (\`results/best-fit-lr3e-3/\`) and ${testMean(holdout)}% for the hold-out run (${each}%)`,
    );
  });
});

describe("packages/train/README.md's reading of the NBSVM baseline", () => {
  interface Figures {
    test: number;
    firstSentence: number;
    first20Tokens: number;
    trainingSeconds: number;
  }
  const baseline = JSON.parse(
    readFileSync(join(repoRoot, 'packages/train/bench/results/baseline.json'), 'utf8'),
  ) as { budgetBytes: number; rows: (Figures & { bytes: number })[]; best: Figures };

  it('says the bag of n-grams is ahead of best only while every figure of its 3 MB cut is', () => {
    const readme = readmeText('packages/train/README.md');
    const claim =
      'the bag of n-grams is ahead of `best` on full reviews and on short text, also within 3 MB, and fits in seconds';
    const cut = baseline.rows.find((row) => row.bytes <= baseline.budgetBytes);
    expect(cut, 'baseline.json has a row within the byte budget').toBeDefined();
    const ahead =
      cut!.test > baseline.best.test &&
      cut!.firstSentence > baseline.best.firstSentence &&
      cut!.first20Tokens > baseline.best.first20Tokens &&
      cut!.trainingSeconds < 60;
    expect(readme.includes(claim)).toBe(ahead);
    // The `best` row is the committed run, not figures typed into the bench.
    const fit = committedResults('best');
    expect(baseline.best.test).toBeCloseTo(mean(fit.runs.map((run) => run.test.accuracy)), 12);
  });
});

describe("packages/train/README.md's reading of the bench:train tables", () => {
  interface EpochResults {
    rows: {
      architecture: string;
      epochGflop: number;
      runs: { name: string; threads: number; figures: { seconds: number } }[];
    }[];
  }
  const epochResults = (file: string) =>
    JSON.parse(
      readFileSync(join(repoRoot, 'packages/train/bench/results', file), 'utf8'),
    ) as EpochResults;
  const NAMES: Record<string, string> = { rnn: 'RNN', gru: 'GRU', lstm: 'LSTM', bilstm: 'BiLSTM' };
  /** Ours on all threads (the last of our runs) and how many times faster than a PyTorch run. */
  const figures = (results: EpochResults, architecture: string) => {
    const row = results.rows.find((r) => r.architecture === architecture)!;
    const ours = row.runs.filter((r) => r.name.startsWith('ours')).at(-1)!.figures.seconds;
    const against = (mode: string) =>
      row.runs.find((r) => r.name.startsWith(`PyTorch 1.13 ${mode}`))!.figures.seconds / ours;
    return { packed: against('packed'), padded: against('padded'), gflops: row.epochGflop / ours };
  };
  /** The bench's own reading of an architecture against the floor, from its Markdown (epoch.md, epoch-rerun.md). */
  const floorOf = (file: string, architecture: string) => {
    const text = readFileSync(join(repoRoot, 'packages/train/bench/results', file), 'utf8');
    const line = new RegExp(`^- ${architecture}: .*?([\\d.]+)x the floor`, 'm').exec(text);
    expect(line, `${file} gives ${architecture}'s floor`).not.toBeNull();
    return line![1]!;
  };
  const ratios = (results: EpochResults) =>
    results.rows
      .map(({ architecture }) => {
        const { packed, padded } = figures(results, architecture);
        return `${NAMES[architecture]} ${packed.toFixed(1)}x / ${padded.toFixed(1)}x`;
      })
      .join(', ');
  const passes = (results: EpochResults) =>
    results.rows.every(({ architecture }) => {
      const { packed, padded } = figures(results, architecture);
      return packed >= 8 && padded >= 5;
    });

  it('quotes the committed run its ratios and floors, and says it passes only when every ratio does', () => {
    const readme = readmeText('packages/train/README.md');
    const run = epochResults('epoch.json');
    expect(readme).toContain(
      `Ours on all threads against PyTorch packed / padded in this run: ${ratios(run)}.`,
    );
    expect(
      readme.includes(
        "Every architecture passes issue 14's 8x over PyTorch packed and 5x over padded in this run.",
      ),
    ).toBe(passes(run));
    expect(readme).toContain(
      `The LSTM's epoch is ${floorOf('epoch.md', 'lstm')}x the arithmetic floor (${figures(run, 'lstm').gflops.toFixed(1)} GFLOP/s;`,
    );
    expect(readme).toContain(`the BiLSTM's ${floorOf('epoch.md', 'bilstm')}x.`);
  });

  it('quotes the rerun its ratios and floors, and says it passes only when every ratio does', () => {
    const readme = readmeText('packages/train/README.md');
    const rerun = epochResults('epoch-rerun.json');
    expect(readme).toContain(`In the rerun, packed / padded: ${ratios(rerun)}.`);
    expect(readme.includes('Every architecture passes both bars in the rerun.')).toBe(
      passes(rerun),
    );
    expect(readme).toContain(
      `the LSTM is ${floorOf('epoch-rerun.md', 'lstm')}x the floor, the BiLSTM ${floorOf('epoch-rerun.md', 'bilstm')}x:`,
    );
  });
});

describe("the main-job benchmark's table (packages/train/bench/results/main-job.md)", () => {
  const results = join(repoRoot, 'packages/train/bench/results/main-job.json');
  const committed = JSON.parse(readFileSync(results, 'utf8')) as {
    phases: Record<string, { commands: { testAccuracy: Record<string, number | null> }[] }>;
  };

  it('is the rendering of main-job.json, so no figure in it is typed by hand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imdb-rnn-main-job-'));
    try {
      cpSync(results, join(dir, 'main-job.json'));
      await run(process.execPath, [
        join(repoRoot, 'scripts/bench-main-job.mjs'),
        '--render-only',
        '--results',
        join(dir, 'main-job.json'),
      ]);
      expect(readFileSync(join(dir, 'main-job.md'), 'utf8')).toBe(
        readFileSync(results.replace(/\.json$/, '.md'), 'utf8'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("times the same job on both builds: every run's test accuracy is identical", () => {
    const { before, same } = committed.phases;
    expect(before && same, 'both builds were timed').toBeTruthy();
    const runs = (phase: typeof before) => phase!.commands.map((c) => c.testAccuracy);
    expect(runs(same)).toEqual(runs(before));
    // Twelve reference runs and the one best run of that day.
    expect(runs(before).flatMap((r) => Object.keys(r))).toHaveLength(13);
  });
});

describe('README figures', () => {
  const scratch: string[] = [];
  afterAll(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it('match the committed reports (sync-figures --check)', async () => {
    const { code, stderr } = await syncFigures(['--check']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('--check fails on a stale figure, naming the README and the block, until synced', async () => {
    const root = copyOfFigures();
    scratch.push(root);
    const readme = join(root, 'README.md');
    const text = readFileSync(readme, 'utf8');
    // A report regenerated with a new figure while the README keeps the old one.
    const report = join(root, 'packages/train/results/reference/report.md');
    const reportText = readFileSync(report, 'utf8');
    const figure = /\| (\d+\.\d\d)% ±/.exec(reportText)?.[1];
    expect(figure, 'the reference report has a test accuracy figure').toBeDefined();
    writeFileSync(report, reportText.replace(`${figure}% ±`, '12.34% ±'));

    const stale = await syncFigures(['--check', '--root', root]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(
      'README.md: block figures:reference-results differs from packages/train/results/reference/report.md',
    );
    expect(stale.stderr).not.toContain('figures:best-results');
    expect(readFileSync(readme, 'utf8')).toBe(text);

    expect((await syncFigures(['--root', root])).code).toBe(0);
    expect(readFileSync(readme, 'utf8')).toContain('12.34% ±');
    expect(await syncFigures(['--check', '--root', root])).toEqual({ code: 0, stderr: '' });
  });
});
