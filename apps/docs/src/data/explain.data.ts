import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineLoader } from 'vitepress';
import { DOCS_ROOT } from '../../scripts/run-dir.mjs';

/** Agreement figures of one method: fractions in [0, 1]. */
export interface MethodAgreement {
  overall: number;
  top5: number;
}

/** The part of train's bench/results/explain-agreement.json the docs show. */
export interface ExplainAgreement {
  selection: string;
  lexicon: string;
  before: string;
  after: string;
  results: {
    architecture: string;
    file: string;
    judged: number;
    commonMisses: [string, number][];
    methods: Record<string, MethodAgreement>;
  }[];
}

declare const data: ExplainAgreement | null;

export { data };

// Build-time loader for the Explanations page: the table comes from the file
// `pnpm --filter @imdb-rnn/train bench:explain` writes, never from the page's text.
const EXPLAIN_RESULTS = join(
  DOCS_ROOT,
  '../../packages/train/bench/results/explain-agreement.json',
);

export default defineLoader({
  watch: [],
  async load(): Promise<ExplainAgreement | null> {
    const text = await readFile(EXPLAIN_RESULTS, 'utf8').catch(() => null);
    return text === null ? null : (JSON.parse(text) as ExplainAgreement);
  },
});
