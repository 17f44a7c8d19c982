// Where the docs build takes a training run's report folder from. Shared by the
// build scripts and the VitePress data loaders so both always read the same run.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DOCS_ROOT = fileURLToPath(new URL('..', import.meta.url));

const REPO_ROOT = resolve(DOCS_ROOT, '../..');

/**
 * Report folders tried in order when IMDB_RNN_RUN is not set: the main job's output
 * (`imdb-rnn train --out runs/reference`, not committed), then a copy of a reference
 * run committed to the repository, so a fresh clone can build the real Results page.
 */
const MAIN_JOB_RUN = join(REPO_ROOT, 'runs/reference');

/** @type {readonly [string, ...string[]]} */
export const RUN_DIR_CANDIDATES = [
  MAIN_JOB_RUN,
  join(REPO_ROOT, 'packages/train/results/reference'),
];

/** The four architectures the demo shows, in the order of the site's tables. */
export const DEMO_ARCHITECTURES = ['rnn', 'gru', 'lstm', 'bilstm'];

/**
 * The first folder holding a results.json, else the first candidate (the main job's
 * output), so a build without any run fails later naming the folder it expected.
 * @param {readonly [string, ...string[]]} candidates
 * @returns {string}
 */
function firstWithResults(candidates) {
  return candidates.find((dir) => existsSync(join(dir, 'results.json'))) ?? candidates[0];
}

/** $IMDB_RNN_RUN, else the first candidate holding a results.json, else runs/reference. */
export function runDir(env = process.env) {
  if (env.IMDB_RNN_RUN) return resolve(env.IMDB_RNN_RUN);
  return firstWithResults(RUN_DIR_CANDIDATES);
}

/** Report folders of the `best` preset: the main job's `runs/best`, then the committed copy. */
/** @type {readonly [string, ...string[]]} */
export const BEST_RUN_DIR_CANDIDATES = [
  join(REPO_ROOT, 'runs/best'),
  join(REPO_ROOT, 'packages/train/results/best'),
];

/**
 * The `best` preset's report folder, for the Results page's own section: $IMDB_RNN_BEST_RUN,
 * else the first candidate holding a results.json, else runs/best.
 */
export function bestRunDir(env = process.env) {
  if (env.IMDB_RNN_BEST_RUN) return resolve(env.IMDB_RNN_BEST_RUN);
  return firstWithResults(BEST_RUN_DIR_CANDIDATES);
}
