// The short CI variant of the load benchmark (bench/load.bench.ts, 60 s): the same
// harness for 8 s after a 2 s warm-up, 8 concurrent callers on the committed trained
// LSTM int8 model over 1,000 real IMDB test reviews. Asserts every call succeeds
// with the pre-load answer and memory stays within the stated bounds; no timing is
// asserted (the machine is shared), the figures are only printed.
import { imdbDataPath, readImdbReviews } from '@imdb-rnn/test-support/imdb';
import { trainedModelPath } from '@imdb-rnn/test-support/trained-models';
import { describe, expect, it } from 'vitest';
import { loadReportMarkdown, memoryBoundFailures, runLoad } from '../bench/load-run.js';
import { loadClassifier } from './index.js';

const data = imdbDataPath();

describe.skipIf(data === undefined)('infer-node under load (CI variant)', () => {
  it('8 concurrent callers for 8 s: no errors, memory growth within bounds', async () => {
    const test = (await readImdbReviews(data!)).filter((r) => r.path.startsWith('test/'));
    // Every 25th review: both labels, lengths from a few words to over a thousand tokens.
    const reviews = test.filter((_, i) => i % 25 === 0).map((r) => r.text);
    const classifier = await loadClassifier(trainedModelPath('lstm'));
    const report = await runLoad(classifier, {
      reviews,
      callers: 8,
      durationMs: 8_000,
      warmupMs: 2_000,
    });
    await classifier.dispose();
    console.log(loadReportMarkdown(report, '[load, CI variant] lstm.int8.onnx, 1,000 reviews:'));
    expect(report.errors, report.firstErrors.join('\n')).toBe(0);
    expect(report.single.calls).toBeGreaterThan(0);
    expect(report.batch.calls).toBeGreaterThan(0);
    expect(memoryBoundFailures(report)).toEqual([]);
  }, 120_000);
});
