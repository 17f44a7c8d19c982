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

/** @type {{ architecture: string; file: string; bytes: number; from: string }[]} */
const models = [];
// A model from the run folder wins; `apps/docs/models/` holds copies committed so that a
// fresh clone (CI) can build a working demo without training first.
const sources = [join(run, 'models'), join(DOCS_ROOT, 'models')];
for (const architecture of DEMO_ARCHITECTURES) {
  const file = `${architecture}.int8.onnx`;
  for (const folder of sources) {
    const source = join(folder, file);
    const info = await stat(source).catch(() => null);
    if (!info?.isFile()) continue;
    await copyFile(source, join(modelsOut, file));
    models.push({ architecture, file, bytes: info.size, from: source });
    break;
  }
}
// `from` stays out of the published manifest: it is a path on the build machine.
const published = models.map(({ architecture, file, bytes }) => ({ architecture, file, bytes }));
await writeFile(
  join(modelsOut, 'manifest.json'),
  `${JSON.stringify({ models: published }, null, 2)}\n`,
);
const missing = DEMO_ARCHITECTURES.filter((a) => !models.some((m) => m.architecture === a));
for (const m of models) console.log(`docs: demo model ${m.from}`);
if (missing.length) {
  console.log(
    `docs: no ${missing.map((a) => `${a}.int8.onnx`).join(', ')} in ${sources.join(' or ')}`,
  );
}
