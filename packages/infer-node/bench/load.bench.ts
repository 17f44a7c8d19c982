// Load benchmark (run on demand: `pnpm bench:load` with IMDB_RNN_DATA set): one
// infer-node classifier over a committed trained model serves 8 concurrent callers
// (6 sending one review per call, 2 sending batches of 16) looping over the 25,000
// IMDB test reviews for 60 s after a 5 s warm-up. Prints the figures and writes them
// to bench/results/load.{json,md}; scripts/sync-figures.mjs copies load.md into the
// README's "Load test" block (CI checks the copy), so no figure there is typed by hand.
// Asserts no errors and bounded memory growth; no timings.
// Environment: LOAD_SECONDS (60), LOAD_CALLERS (8), LOAD_MODEL (bilstm: rnn, gru, lstm, bilstm).
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeBenchResult } from '@imdb-rnn/test-support';
import { readImdbReviews } from '@imdb-rnn/test-support/imdb';
import {
  TRAINED_ARCHITECTURES,
  type TrainedArchitecture,
  trainedModelPath,
} from '@imdb-rnn/test-support/trained-models';
import { expect, it } from 'vitest';
import { loadClassifier } from '../src/index.js';
import { loadReportMarkdown, memoryBoundFailures, runLoad } from './load-run.js';

const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const callers = Number(process.env.LOAD_CALLERS ?? 8);
const arch = process.env.LOAD_MODEL ?? 'bilstm';
if (!TRAINED_ARCHITECTURES.some((known) => known === arch)) {
  throw new Error(`LOAD_MODEL must be one of ${TRAINED_ARCHITECTURES.join(', ')}, got ${arch}`);
}
const results = new URL('./results/', import.meta.url);

it(`load: ${callers} concurrent callers for ${seconds} s on the trained ${arch} int8 model`, async () => {
  const data = process.env.IMDB_RNN_DATA;
  if (!data) throw new Error('set IMDB_RNN_DATA to the IMDB archive (see README)');
  const reviews = (await readImdbReviews(data))
    .filter((r) => r.path.startsWith('test/'))
    .map((r) => r.text);
  const model = `apps/docs/models/${arch}.int8.onnx`;
  const classifier = await loadClassifier(trainedModelPath(arch as TrainedArchitecture));
  const loadBefore = loadavg()[0]!;
  const report = await runLoad(classifier, {
    reviews,
    callers,
    durationMs: seconds * 1000,
    warmupMs: 5_000,
  });
  await classifier.dispose();

  const title =
    `Load test: \`${model}\` (trained, ${classifier.metadata.spec.cell}${classifier.metadata.spec.bidirectional ? ' bidirectional' : ''}, ` +
    `vocab ${classifier.metadata.vocabSize.toLocaleString('en-US')}), default options (1 ORT thread, batchSize 64), ` +
    `${reviews.length.toLocaleString('en-US')} IMDB test reviews, Node ${process.version}, ` +
    `${cpus().length} cores shared with other jobs (1-minute load average ${loadBefore.toFixed(1)} before, ` +
    `${loadavg()[0]!.toFixed(1)} after), ${new Date().toISOString().slice(0, 10)}:`;
  const markdown = loadReportMarkdown(report, title);
  console.log(`\n${markdown}`);
  // Through test-support's atomic writer: sync-figures copies load.md into the README.
  await writeBenchResult(
    fileURLToPath(new URL('load.json', results)),
    `${JSON.stringify({ model, ...report }, null, 2)}\n`,
  );
  await writeBenchResult(fileURLToPath(new URL('load.md', results)), markdown);
  // `pnpm lint` checks bench/ with Biome, results included: write them as it formats them.
  const files = ['load.json', 'load.md'].map((name) => fileURLToPath(new URL(name, results)));
  spawnSync('npx', ['biome', 'format', '--write', ...files], { stdio: 'ignore' });
  expect(report.errors, report.firstErrors.join('\n')).toBe(0);
  expect(memoryBoundFailures(report)).toEqual([]);
}, 600_000);
