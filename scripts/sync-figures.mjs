// Copies measured tables from the files a run produced into the READMEs, between
// marker comments, so no figure in a README is typed by hand:
//   <!-- figures:NAME -->  ...replaced...  <!-- /figures:NAME -->
// Sources (NAME -> file): see SOURCES below. Missing sources leave the block as is.
// Usage: node scripts/sync-figures.mjs
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// [file, section]: the whole file, or only the Markdown section under that heading.
const SOURCES = {
  'train-epoch': ['packages/train/bench/results/epoch.md'],
  'reference-results': ['packages/train/results/reference/report.md', '## Comparison'],
  'best-results': ['packages/train/results/best/report.md', '## Comparison'],
};
const READMES = ['README.md', 'packages/train/README.md'];

for (const readme of READMES) {
  const path = join(root, readme);
  if (!existsSync(path)) continue;
  let text = readFileSync(path, 'utf8');
  for (const [name, [source, section]] of Object.entries(SOURCES)) {
    const file = join(root, source);
    if (!existsSync(file)) continue;
    const block = new RegExp(`(<!-- figures:${name} -->\\n)[\\s\\S]*?(<!-- /figures:${name} -->)`, 'g');
    const body = extract(readFileSync(file, 'utf8'), section);
    text = text.replace(block, (_, open, close) => `${open}${body}\n(from \`${source}\`)\n${close}`);
  }
  writeFileSync(path, text);
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
