// Regenerates models from a training run folder (what `imdb-rnn train --out <dir>`
// wrote): exports each chosen run's safetensors artifact to int8 ONNX, records its
// manifest entry from the run's results.json, and rewrites the README's model cards.
// Every file is written atomically. Usage:
//   node scripts/generate.mjs --run <dir> --arch rnn,gru,lstm,bilstm --seed 1
//   node scripts/generate.mjs --run <dir> --arch bilstm --seed 1 --name best
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportOnnx } from '@imdb-rnn/export-onnx';
import {
  ASSETS,
  MANIFEST_FILE,
  MODEL_NAMES,
  manifestEntry,
  modelCards,
  PACKAGE_DIR,
  replaceCards,
  writeFileAtomic,
} from './manifest.mjs';

const { values } = parseArgs({
  options: {
    run: { type: 'string' },
    arch: { type: 'string' },
    seed: { type: 'string', default: '1' },
    name: { type: 'string' },
  },
});
if (!values.run || !values.arch) {
  console.error('usage: generate.mjs --run <dir> --arch <a,b,...> [--seed 1] [--name <name>]');
  process.exit(2);
}
const archs = values.arch.split(',');
if (values.name && archs.length !== 1) {
  console.error('--name takes exactly one --arch');
  process.exit(2);
}
// `pnpm --filter` runs this in the package folder: resolve against where the user typed it.
const runDir = resolve(process.env.INIT_CWD ?? process.cwd(), values.run);
const results = JSON.parse(await readFile(join(runDir, 'results.json'), 'utf8'));
const seed = Number(values.seed);
const manifestPath = join(PACKAGE_DIR, ASSETS, MANIFEST_FILE);
const manifest = JSON.parse(await readFile(manifestPath, 'utf8').catch(() => '{"models":[]}'));

for (const arch of archs) {
  const name = values.name ?? arch;
  if (!MODEL_NAMES.includes(name)) {
    console.error(`unknown model name "${name}"; the package ships ${MODEL_NAMES.join(', ')}`);
    process.exit(2);
  }
  const run = results.runs.find((r) => r.architecture === arch && r.seed === seed);
  if (!run) {
    console.error(`${runDir}/results.json has no ${arch} run with seed ${seed}`);
    process.exit(1);
  }
  const artifact = new Uint8Array(await readFile(join(runDir, run.artifactPath)));
  const bytes = exportOnnx(artifact, { weights: 'int8' });
  const entry = manifestEntry({ name, bytes, run, results });
  await writeFileAtomic(join(PACKAGE_DIR, ASSETS, entry.file), bytes);
  manifest.models = manifest.models.filter((m) => m.name !== name).concat(entry);
  console.log(
    `models: ${name} <- ${arch} seed ${seed}: ${entry.bytes} bytes, test accuracy ${entry.accuracy}`,
  );
}
manifest.models.sort((a, b) => MODEL_NAMES.indexOf(a.name) - MODEL_NAMES.indexOf(b.name));
await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
const readmePath = join(PACKAGE_DIR, 'README.md');
const readme = await readFile(readmePath, 'utf8');
await writeFileAtomic(readmePath, replaceCards(readme, modelCards(manifest)));
