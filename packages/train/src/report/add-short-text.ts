import { access, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { decodeArtifact, encode, Vocab } from '@imdb-rnn/core';
import { type Review, readImdb } from '../data/imdb';
import { ReportError } from '../errors';
import { shortTextAccuracy } from '../eval/short-text';
import { createSentimentModel } from '../model/sentiment-model';
import { initBackend } from '../tf/backend';
import { accuracyOf, predictLogits } from '../training/predict';
import { aggregateRuns } from './aggregate.js';
import type { ResultsFile, RunResult } from './results.js';

// A model file whose full-review accuracy differs from its run's by more than this is
// not the model the run trained (float32 batching differences stay far below it).
const SAME_MODEL_TOLERANCE = 1e-3;

/**
 * Adds short-text accuracy to a report written before it existed: every run whose
 * model artifact is still on disk (artifactPath, relative to `dir`) is evaluated on
 * the test reviews cut to their first sentence and to their first 20 tokens; runs
 * without a model file keep no figures, and the aggregates say which seeds were
 * measured. Each model's full-review accuracy is recomputed first and must match its
 * run's, so figures never come from a different model.
 */
export async function addShortText(
  results: ResultsFile,
  dir: string,
  data: string,
  log: (line: string) => void = () => {},
): Promise<ResultsFile> {
  let test: Review[] | undefined;
  const runs: RunResult[] = [];
  for (const run of results.runs) {
    const path =
      run.artifactPath &&
      (isAbsolute(run.artifactPath) ? run.artifactPath : join(dir, run.artifactPath));
    if (run.test === undefined) {
      log(
        `${run.architecture} seed ${run.seed}: a selection trial, never tested; no short-text figures`,
      );
      runs.push(run);
      continue;
    }
    if (!path || !(await exists(path))) {
      log(`${run.architecture} seed ${run.seed}: no model file, no short-text figures`);
      runs.push(run);
      continue;
    }
    if (test === undefined) {
      // tfjs's CPU backend hosts the fused kernels, as in training (src/tf/backend.ts).
      await initBackend('cpu');
      test = (await readImdb(data, { splits: ['test'] })).test;
    }
    const artifact = decodeArtifact(new Uint8Array(await readFile(path)));
    const vocab = Vocab.fromTokens(artifact.metadata.vocab);
    const model = createSentimentModel(artifact.metadata.spec, { seed: 0 });
    model.setNamedWeights(artifact.tensors);
    const labels = Uint8Array.from(test, (r) => r.label);
    const texts = test.map((r) => r.text);
    const logitsOf = (examples: Parameters<typeof predictLogits>[1]) =>
      predictLogits(model, examples);
    const full = accuracyOf(logitsOf({ ...encode(texts, vocab), labels }), labels);
    if (Math.abs(full - run.test.accuracy) > SAME_MODEL_TOLERANCE) {
      model.dispose();
      throw new ReportError(
        'MODEL_MISMATCH',
        `${path}: full-review accuracy ${full} differs from the run's ${run.test.accuracy}: not the model this run trained`,
      );
    }
    const shortText = shortTextAccuracy(logitsOf, texts, labels, vocab);
    model.dispose();
    log(
      `${run.architecture} seed ${run.seed}: full ${pct(full)}, first sentence ${pct(shortText.firstSentence)}, first 20 tokens ${pct(shortText.first20Tokens)}`,
    );
    runs.push({ ...run, shortText });
  }
  return { ...results, runs, aggregates: aggregateRuns(runs) };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
