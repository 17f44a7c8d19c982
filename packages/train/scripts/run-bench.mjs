// Runs a TypeScript benchmark from bench/: esbuild bundles it (Node 20 cannot
// run TypeScript itself) into node_modules/.cache, then node runs the bundle
// with the remaining arguments. Usage: node scripts/run-bench.mjs bench/X.bench.ts [args...]
import { spawnSync } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-bench.mjs bench/<name>.bench.ts [args...]');
  process.exit(2);
}
const outfile = join(root, 'node_modules', '.cache', 'bench', `${basename(entry, '.ts')}.cjs`);
await build({
  entryPoints: [join(root, entry)],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile,
  logLevel: 'error',
  // vega uses top-level await and is never needed by a benchmark.
  // infer-node loads onnxruntime-node's native binding, which must not be bundled.
  external: ['vega', 'vega-lite', '@imdb-rnn/infer-node'],
});
const run = spawnSync(process.execPath, ['--expose-gc', outfile, ...args], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(run.status ?? 1);
