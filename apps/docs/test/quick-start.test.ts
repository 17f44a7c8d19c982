// The quick start that the docs' getting-started page, infer-web's README and the models
// README open with must be the code CI builds and runs: the `quick-start` region of the Vite
// recipe's app, which tests/packaging's vite-project.test.ts builds from the packed packages
// and runs in Chromium (it loads 'best' by name in a worker and ships best.int8.onnx only).
// Edit one side without the other and this fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const VITE_APP = join(REPO_ROOT, 'tests/packaging/src/fixtures/vite-app/src/main.ts');
/** The pages that open with the quick start. */
const OPENING = [
  'apps/docs/src/guide/getting-started.md',
  'apps/docs/src/guide/inference-browser.md',
  'packages/infer-web/README.md',
];
/** The models README opens with Node, then shows the same lines for the browser. */
const SHOWING = 'packages/models/README.md';

/** The lines between `// #region <name>` and `// #endregion <name>`; throws when either is missing. */
function region(source: string, name: string): string {
  const lines = source.split('\n');
  const start = lines.indexOf(`// #region ${name}`);
  const end = lines.indexOf(`// #endregion ${name}`);
  if (start < 0 || end < start) throw new Error(`no "${name}" region`);
  return lines.slice(start + 1, end).join('\n');
}

/** The bodies of a Markdown page's fenced blocks, in order, with their language. */
function codeBlocks(markdown: string): { lang: string; code: string }[] {
  return [...markdown.matchAll(/^```(\w*)[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1]!,
    code: m[2]!.replace(/\n$/, ''),
  }));
}

describe('the quick start in the docs', () => {
  const quickStart = region(readFileSync(VITE_APP, 'utf8'), 'quick-start');

  it('is the Vite app: install both packages, import a model, load it by name, classify', () => {
    expect(quickStart).toContain("import '@imdb-rnn/models/best';");
    expect(quickStart).toContain("await loadClassifier('best')");
    expect(quickStart.split('\n').filter((line) => line.trim() !== '')).toHaveLength(4);
  });

  it.each(OPENING)('%s shows it as its first code, after the install line', (page) => {
    const blocks = codeBlocks(readFileSync(join(REPO_ROOT, page), 'utf8'));
    const first = blocks.findIndex((block) => block.lang === 'ts');
    expect(blocks[first]?.code).toBe(quickStart);
    // The install line before it names both packages (infer-node's README installs its own).
    const install = blocks.slice(0, first).find((block) => block.lang === 'sh');
    expect(install?.code).toMatch(/^npm install (?=.*@imdb-rnn\/infer-web)(?=.*@imdb-rnn\/models)/);
  });

  it(`${SHOWING} shows it for the browser`, () => {
    const blocks = codeBlocks(readFileSync(join(REPO_ROOT, SHOWING), 'utf8'));
    expect(blocks.filter((block) => block.code === quickStart)).toHaveLength(1);
  });

  it('finds the region only between both markers (VitePress would show the whole file instead)', () => {
    expect(region('a\n// #region x\nb\nc\n// #endregion x\nd', 'x')).toBe('b\nc');
    expect(() => region('a\n// #region x\nb', 'x')).toThrow('no "x" region');
    expect(() => region('b\n// #endregion x', 'x')).toThrow('no "x" region');
  });
});
