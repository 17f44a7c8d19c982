import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineLoader } from 'vitepress';
import { DOCS_ROOT } from '../../scripts/run-dir.mjs';

/** Accuracies (fractions in [0, 1]) of one model on the test split, full and cut short. */
export interface TestFigures {
  test: number;
  firstSentence: number;
  first20Tokens: number;
  /** Training seconds (for `best`: per seed). */
  trainingSeconds: number;
  bytes: number;
}

/** train's bench/results/baseline.json, written by `bench:baseline`. */
export interface Baseline {
  data: string;
  budgetBytes: number;
  rows: (TestFigures & { model: string; ngrams: number; validation: number })[];
  best: TestFigures & { file: string; seeds: number };
}

declare const data: Baseline | null;

export { data };

// Build-time loader for the Results page's baseline table: the figures come from the
// file the benchmark wrote, never from the page's text.
const BASELINE_RESULTS = join(DOCS_ROOT, '../../packages/train/bench/results/baseline.json');

export default defineLoader({
  watch: [],
  async load(): Promise<Baseline | null> {
    const text = await readFile(BASELINE_RESULTS, 'utf8').catch(() => null);
    return text === null ? null : (JSON.parse(text) as Baseline);
  },
});
