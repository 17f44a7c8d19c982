// Copies measured tables from the files a run produced into the READMEs, between
// marker comments, so no figure in a README is typed by hand:
//   <!-- figures:NAME -->  ...replaced...  <!-- /figures:NAME -->
// Sources (NAME -> file): see SOURCES below. Missing sources leave the block as is.
// Usage: node scripts/sync-figures.mjs
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = {
  'train-epoch': 'packages/train/bench/results/epoch.md',
  'reference-results': 'packages/train/results/reference/report-table.md',
  'best-results': 'packages/train/results/best/report-table.md',
};
const READMES = ['README.md', 'packages/train/README.md'];

for (const readme of READMES) {
  const path = join(root, readme);
  if (!existsSync(path)) continue;
  let text = readFileSync(path, 'utf8');
  for (const [name, source] of Object.entries(SOURCES)) {
    const file = join(root, source);
    if (!existsSync(file)) continue;
    const block = new RegExp(`(<!-- figures:${name} -->\\n)[\\s\\S]*?(<!-- /figures:${name} -->)`, 'g');
    const body = readFileSync(file, 'utf8').trim();
    text = text.replace(block, (_, open, close) => `${open}${body}\n(from \`${source}\`)\n${close}`);
  }
  writeFileSync(path, text);
}
