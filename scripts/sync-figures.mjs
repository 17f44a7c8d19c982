// Copies measured tables from the files a run produced into the READMEs, between
// marker comments, so no figure in a README is typed by hand:
//   <!-- figures:NAME -->  ...replaced...  <!-- /figures:NAME -->
// Sources (NAME -> file): see SOURCES below. Missing sources leave the block as is.
// Usage:
//   node scripts/sync-figures.mjs           rewrite the blocks
//   node scripts/sync-figures.mjs --check   change nothing; exit 1 naming each stale
//                                           block (CI: tests/release runs this)
//   --root DIR                              a repository copy other than this one
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeAtomic } from './write-atomic.mjs';

// [file, section]: the whole file, or only the Markdown section under that heading.
const SOURCES = {
  'train-epoch': ['packages/train/bench/results/epoch.md'],
  'train-epoch-rerun': ['packages/train/bench/results/epoch-rerun.md'],
  'train-hidden32': ['packages/train/bench/results/hidden32-before-after.md'],
  'train-best-pooling': ['packages/train/bench/results/best-pooling-before-after.md'],
  'main-job': ['packages/train/bench/results/main-job.md'],
  baseline: ['packages/train/bench/results/baseline.md'],
  'reference-results': ['packages/train/results/reference/report.md', '## Comparison'],
  'best-results': ['packages/train/results/best/report.md', '## Comparison'],
  'infer-node-load': ['packages/infer-node/bench/results/load.md'],
  'infer-web-chromium': ['packages/infer-web/bench/results/chromium.md'],
  'cold-load': ['tests/packaging/bench/results/cold-load.md'],
};
const READMES = [
  'README.md',
  'packages/train/README.md',
  'packages/infer-node/README.md',
  'packages/infer-web/README.md',
];

const { values } = parseArgs({
  options: { check: { type: 'boolean', default: false }, root: { type: 'string' } },
});
const root = resolve(values.root ?? join(dirname(fileURLToPath(import.meta.url)), '..'));

const stale = [];
for (const readme of READMES) {
  const path = join(root, readme);
  if (!existsSync(path)) continue;
  let text = readFileSync(path, 'utf8');
  for (const [name, [source, section]] of Object.entries(SOURCES)) {
    const file = join(root, source);
    if (!existsSync(file)) continue;
    const block = new RegExp(
      `(<!-- figures:${name} -->\\n)([\\s\\S]*?)(<!-- /figures:${name} -->)`,
      'g',
    );
    const body = `${extract(readFileSync(file, 'utf8'), section)}\n\n(from \`${source}\`)\n`;
    text = text.replace(block, (_, open, current, close) => {
      if (current !== body) stale.push(`${readme}: block figures:${name} differs from ${source}`);
      return `${open}${body}${close}`;
    });
  }
  if (!values.check) writeAtomic(path, text);
}

if (values.check && stale.length > 0) {
  for (const line of stale) console.error(`sync-figures --check: ${line}`);
  console.error('Run `node scripts/sync-figures.mjs` and commit the READMEs.');
  process.exit(1);
}

/** The text under `heading` up to the next heading or image of its level, or all of `text`. */
function extract(text, heading) {
  if (heading === undefined) return text.trim();
  const start = text.indexOf(`${heading}\n`);
  if (start < 0) return text.trim();
  const rest = text.slice(start + heading.length + 1);
  const end = rest.search(/\n(## |!\[)/);
  return (end < 0 ? rest : rest.slice(0, end)).trim();
}
