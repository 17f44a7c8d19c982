// Where the docs build takes a training run's output from: $IMDB_RNN_RUN, else
// the folder the main job writes (`imdb-rnn train --out runs/reference`, the
// default), relative to the repository root. Shared by the build scripts and
// the VitePress data loaders so both always read the same run.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DOCS_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const DEFAULT_RUN_DIR = resolve(DOCS_ROOT, '../../runs/reference');

/** The four architectures the demo shows, in the order of the site's tables. */
export const DEMO_ARCHITECTURES = ['rnn', 'gru', 'lstm', 'bilstm'];

export function runDir(env = process.env) {
  return env.IMDB_RNN_RUN ? resolve(env.IMDB_RNN_RUN) : DEFAULT_RUN_DIR;
}
