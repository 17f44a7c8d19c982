import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineLoader } from 'vitepress';
import { DOCS_ROOT } from '../../scripts/run-dir.mjs';

/** train's bench/results/epoch.svg: the committed `bench:train` run as a chart, or null. */
declare const data: string | null;

export { data };

// Build-time loader for the Results page's speed chart: the SVG `bench:train` drew from
// its epoch.json (train's tests check that the committed chart is that file's), inlined
// as the run report's charts are, so the page never types a speed figure by hand.
const SPEED_CHART = join(DOCS_ROOT, '../../packages/train/bench/results/epoch.svg');

export default defineLoader({
  watch: [],
  load: () => readFile(SPEED_CHART, 'utf8').catch(() => null),
});
