import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeReport } from '@imdb-rnn/train';
import { syntheticResults } from '@imdb-rnn/train/testing';
import { build } from 'vitepress';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percent } from '../src/components/format';
import type { Baseline } from '../src/data/baseline.data';

const DOCS_ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('the Results page', () => {
  let tmp: string;
  let html: string;
  // Numbers the page must show, taken from the file the page was built from.
  let results: ReturnType<typeof syntheticResults>;
  // The `best` preset's run, a separate report folder with other seeds (other figures).
  let best: ReturnType<typeof syntheticResults>;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'docs-results-page-'));
    const run = join(tmp, 'run');
    // Synthetic numbers under a training run's generator name: the loader accepts them,
    // so the page shows exactly this file. (The real site refuses synthetic results.)
    results = { ...syntheticResults({ seeds: [1, 2], reviews: 400 }), generator: 'imdb-rnn train' };
    await writeReport(run, results);
    best = {
      ...syntheticResults({ architectures: ['bilstm'], seeds: [7, 8, 9], reviews: 400 }),
      generator: 'imdb-rnn train',
    };
    const bestRun = join(tmp, 'best');
    await writeReport(bestRun, best);
    const previous = process.env.IMDB_RNN_RUN;
    const previousBest = process.env.IMDB_RNN_BEST_RUN;
    process.env.IMDB_RNN_RUN = run;
    process.env.IMDB_RNN_BEST_RUN = bestRun;
    try {
      await build(DOCS_ROOT, {
        onAfterConfigResolve: (site) => {
          site.outDir = join(tmp, 'site');
        },
      });
    } finally {
      if (previous === undefined) delete process.env.IMDB_RNN_RUN;
      else process.env.IMDB_RNN_RUN = previous;
      if (previousBest === undefined) delete process.env.IMDB_RNN_BEST_RUN;
      else process.env.IMDB_RNN_BEST_RUN = previousBest;
    }
    html = await readFile(join(tmp, 'site', 'results.html'), 'utf8');
  }, 300_000);

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('shows every architecture mean test accuracy and reference figure from results.json', () => {
    expect(html).not.toContain('No training results yet');
    for (const a of results.aggregates) {
      expect(html).toContain(percent(a.testAccuracy.mean));
      expect(html).toContain(percent(results.reference.published.testAccuracy[a.architecture]));
      expect(html).toContain(percent(results.reference.pytorchRerun.testAccuracy[a.architecture]));
    }
    expect(html).toContain(results.generatedAt);
  });

  it('shows full, first-sentence and 20-token accuracy per architecture', () => {
    expect(html).toContain('Short text');
    for (const a of results.aggregates) {
      const short = a.shortText!;
      expect(short.seeds).toEqual([1, 2]);
      for (const x of [short.fullReview, short.firstSentence, short.first20Tokens]) {
        expect(html).toContain(percent(x));
      }
    }
  });

  it("shows the best preset's own run: each seed's test accuracy and the mean over seeds", () => {
    const section = html.slice(html.indexOf('id="best-preset"'));
    expect(section).toContain('preset');
    const aggregate = best.aggregates[0]!;
    expect(aggregate.seeds).toEqual([7, 8, 9]);
    expect(section).toContain(percent(aggregate.testAccuracy.mean));
    expect(section).toContain('mean of 3 seeds');
    for (const run of best.runs) expect(section).toContain(percent(run.test!.accuracy));
    // The reference run's figures are not what this section shows.
    expect(percent(aggregate.testAccuracy.mean)).not.toBe(
      percent(results.aggregates.find((a) => a.architecture === 'bilstm')!.testAccuracy.mean),
    );
  });

  it("shows the NBSVM baseline's figures from train's bench/results/baseline.json beside best's", async () => {
    const file = join(DOCS_ROOT, '../../packages/train/bench/results/baseline.json');
    const baseline = JSON.parse(await readFile(file, 'utf8')) as Baseline;
    const section = html.slice(html.indexOf('id="against-a-bag-of-n-grams"'));
    expect(section).toContain('<table class="baseline">');
    for (const row of [...baseline.rows, baseline.best]) {
      for (const x of [row.test, row.firstSentence, row.first20Tokens]) {
        expect(section).toContain(percent(x));
      }
    }
    for (const row of baseline.rows) expect(section).toContain(percent(row.validation));
  });

  it("inlines bench:train's speed chart, whose every bar is a run in train's bench/results/epoch.json", async () => {
    const section = html.slice(html.indexOf('id="against-pytorch-one-epoch-side-by-side"'));
    expect(section).toContain('<svg');
    expect(section).toContain('Seconds per training epoch');
    const file = join(DOCS_ROOT, '../../packages/train/bench/results/epoch.json');
    const epoch = JSON.parse(await readFile(file, 'utf8')) as {
      rows: { runs: { figures: { seconds: number } }[] }[];
    };
    for (const { runs } of epoch.rows) {
      for (const run of runs) expect(section).toContain(`${run.figures.seconds.toFixed(1)} s`);
    }
  });

  it('inlines both charts written by writeReport', () => {
    expect(html.match(/<svg/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(html).toContain('Training curves');
  });
});
