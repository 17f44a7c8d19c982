// Where things are in the monorepo, for the packaging tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root folder (this file is tests/packaging/src/workspace.ts). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The published packages, by folder under packages/. */
export const PUBLISHED_PACKAGES = [
  'core',
  'export-onnx',
  'infer-node',
  'infer-web',
  'models',
  'train',
] as const;
export type PublishedPackage = (typeof PUBLISHED_PACKAGES)[number];

/** This folder's fixtures (scripts and apps copied into the temporary projects). */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A trained reference LSTM (safetensors, as `imdb-rnn train` writes it), for the CLI's export. */
export const REFERENCE_LSTM_ARTIFACT = join(
  REPO_ROOT,
  'packages/train/results/reference/models/lstm-seed1.safetensors',
);

/** The docs app's exported int8 LSTM (about 2.3 MB): a model as users download it. */
export const DOCS_LSTM_INT8 = join(REPO_ROOT, 'apps/docs/models/lstm.int8.onnx');

/** Deno from @imdb-rnn/core's devDependency `deno` (its npm package). */
export const DENO_BIN = join(REPO_ROOT, 'packages/core/node_modules/.bin/deno');

/** True when `path` lies inside the monorepo (where workspace node_modules could leak in). */
export function insideRepo(path: string): boolean {
  return path === REPO_ROOT || path.startsWith(`${REPO_ROOT}/`);
}
