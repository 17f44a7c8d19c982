// Copies what the site serves but does not own into src/public before
// `vitepress build`: the four int8 ONNX models of a training run (the demo
// loads them from the site itself, never from a CDN) and a manifest saying
// which ones are there, so the demo can tell the reader when a model is missing
// instead of failing on a 404.
import { copyFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_ARCHITECTURES, DOCS_ROOT, runDir } from './run-dir.mjs';

const run = runDir();
const modelsOut = join(DOCS_ROOT, 'src/public/models');
await rm(modelsOut, { recursive: true, force: true });
await mkdir(modelsOut, { recursive: true });

/** @type {{ architecture: string; file: string; bytes: number }[]} */
const models = [];
for (const architecture of DEMO_ARCHITECTURES) {
  const file = `${architecture}.int8.onnx`;
  const source = join(run, 'models', file);
  const info = await stat(source).catch(() => null);
  if (!info?.isFile()) continue;
  await copyFile(source, join(modelsOut, file));
  models.push({ architecture, file, bytes: info.size });
}
await writeFile(join(modelsOut, 'manifest.json'), `${JSON.stringify({ models }, null, 2)}\n`);
const missing = DEMO_ARCHITECTURES.filter((a) => !models.some((m) => m.architecture === a));
console.log(
  `docs: ${models.length} demo model(s) from ${run}/models` +
    (missing.length ? `; missing: ${missing.map((a) => `${a}.int8.onnx`).join(', ')}` : ''),
);
