// The quick starts the docs and the READMEs open with must be the code CI builds and runs:
// the `quick-start` region of the Vite recipe's app (tests/packaging's vite-project.test.ts
// builds it from the packed packages and runs it in Chromium: 'best' by name, in a worker,
// shipping best.int8.onnx only) and of the Node quick start (node-project.test.ts runs it).
// Edit one side without the other and this fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const FIXTURES = join(REPO_ROOT, 'tests/packaging/src/fixtures');

const QUICK_STARTS = [
  {
    runtime: 'browser',
    fixture: join(FIXTURES, 'vite-app/src/main.ts'),
    install: 'npm install @imdb-rnn/infer-web @imdb-rnn/models',
    /** Lines of code: the runtime import, the model import, load, classify. */
    lines: 4,
    /** Pages that open with it (its first code after the install line). */
    opening: [
      'apps/docs/src/guide/getting-started.md',
      'apps/docs/src/guide/inference-browser.md',
      'packages/infer-web/README.md',
    ],
    /** Pages that show it further down (the models README opens with Node). */
    showing: ['packages/models/README.md', 'README.md'],
  },
  {
    runtime: 'Node',
    fixture: join(FIXTURES, 'node/quick-start.mjs'),
    install: 'npm install @imdb-rnn/infer-node @imdb-rnn/models',
    /** In Node the name resolves to the installed package's file: no model import. */
    lines: 3,
    opening: ['apps/docs/src/guide/inference-node.md', 'packages/infer-node/README.md'],
    showing: [],
  },
];

/** The lines between `// #region <name>` and `// #endregion <name>`; throws when either is missing. */
function region(source: string, name: string): string {
  const lines = source.split('\n');
  const start = lines.indexOf(`// #region ${name}`);
  const end = lines.indexOf(`// #endregion ${name}`);
  if (start < 0 || end < start) throw new Error(`no "${name}" region`);
  return lines.slice(start + 1, end).join('\n');
}

/** The bodies of a Markdown page's fenced blocks, in order, with their language. */
function codeBlocks(page: string): { lang: string; code: string }[] {
  const markdown = readFileSync(join(REPO_ROOT, page), 'utf8');
  return [...markdown.matchAll(/^```(\w*)[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1]!,
    code: m[2]!.replace(/\n$/, ''),
  }));
}

describe.each(QUICK_STARTS)(
  'the $runtime quick start',
  ({ fixture, install, lines, opening, showing }) => {
    const quickStart = region(readFileSync(fixture, 'utf8'), 'quick-start');

    it(`imports the runtime, loads 'best' by name and classifies, in ${lines} lines`, () => {
      expect(quickStart).toContain("await loadClassifier('best')");
      expect(quickStart).toContain('await classifier.classify(');
      expect(quickStart.split('\n').filter((line) => line.trim() !== '')).toHaveLength(lines);
    });

    it.each(opening)('%s opens with the install line and then these lines', (page) => {
      const blocks = codeBlocks(page);
      const first = blocks.findIndex((block) => block.lang === 'ts' || block.lang === 'js');
      expect(blocks[first]?.code).toBe(quickStart);
      expect(blocks.slice(0, first).find((block) => block.lang === 'sh')?.code).toBe(install);
    });

    it.runIf(showing.length > 0).each(showing)('%s shows these lines', (page) => {
      expect(codeBlocks(page).filter((block) => block.code === quickStart)).toHaveLength(1);
    });
  },
);

describe('region', () => {
  it('is the lines between both markers only (VitePress would show the whole file instead)', () => {
    expect(region('a\n// #region x\nb\nc\n// #endregion x\nd', 'x')).toBe('b\nc');
    expect(() => region('a\n// #region x\nb', 'x')).toThrow('no "x" region');
    expect(() => region('b\n// #endregion x', 'x')).toThrow('no "x" region');
  });
});
