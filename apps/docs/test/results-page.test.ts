import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeReport } from '@imdb-rnn/train';
import { syntheticResults } from '@imdb-rnn/train/testing';
import { build } from 'vitepress';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percent } from '../src/components/format';

const DOCS_ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('the Results page', () => {
  let tmp: string;
  let html: string;
  // Numbers the page must show, taken from the file the page was built from.
  let results: ReturnType<typeof syntheticResults>;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'docs-results-page-'));
    const run = join(tmp, 'run');
    // Synthetic numbers under a training run's generator name: the loader accepts them,
    // so the page shows exactly this file. (The real site refuses synthetic results.)
    results = { ...syntheticResults({ seeds: [1, 2], reviews: 400 }), generator: 'imdb-rnn train' };
    await writeReport(run, results);
    const previous = process.env.IMDB_RNN_RUN;
    process.env.IMDB_RNN_RUN = run;
    try {
      await build(DOCS_ROOT, {
        onAfterConfigResolve: (site) => {
          site.outDir = join(tmp, 'site');
        },
      });
    } finally {
      if (previous === undefined) delete process.env.IMDB_RNN_RUN;
      else process.env.IMDB_RNN_RUN = previous;
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

  it('inlines both charts written by writeReport', () => {
    expect(html.match(/<svg/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(html).toContain('Training curves');
  });
});
