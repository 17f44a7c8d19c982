// The main job (`pnpm run main`): the reference experiment (four architectures,
// three seeds, 5 epochs each), then the `best` preset's BiLSTM (three seeds), each writing a
// report folder under runs/. Data: $IMDB_RNN_DATA, else the per-user cache,
// else the official archive is downloaded. Extra arguments go to both runs,
// e.g. `pnpm run main -- --limit 500 --epochs 1` for a quick end-to-end check.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mainJobs } from './main-jobs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages', 'train', 'dist', 'cli.js');
const extra = process.argv.slice(2).filter((a) => a !== '--');

const jobs = mainJobs();
for (const args of jobs) {
  console.error(`\n> imdb-rnn ${[...args, ...extra].join(' ')}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [cli, ...args, ...extra], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  console.error(`(${((Date.now() - started) / 60000).toFixed(1)} min)`);
}
console.error(
  '\nDone: runs/reference/report.md and runs/best/report.md (with results.json, SVG plots, models/*.onnx).',
);
