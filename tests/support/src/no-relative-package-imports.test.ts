// The workspace's lint rule (biome.json, noRestrictedImports): a file may not reach
// another workspace package by relative path (`../../core/src/...`); it imports the
// package by name. The repository's biome.json is copied verbatim into a scratch
// tree shaped like the workspace, and Biome lints probe files there.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const biome = createRequire(join(repoRoot, 'package.json')).resolve('@biomejs/biome/bin/biome');
const scratch = mkdtempSync(join(tmpdir(), 'imdb-rnn-lint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Probe files as [path, import specifier]; each becomes `import { x } from '<specifier>';`
// (the source here holds only the specifiers, so grepping the repository for such
// imports finds none in this file).
const FORBIDDEN: [path: string, specifier: string][] = [
  ['packages/infer-node/src/a.test.ts', '../../core/src/fuzz-bytes.js'],
  ['packages/infer-web/src/a.test.ts', '../../infer-node/test-support/m.js'],
  ['packages/infer-node/bench/a.bench.ts', '../../export-onnx/src/testing/a.js'],
  ['packages/infer-node/test-support/a.ts', '../../train/src/model/index.js'],
  ['packages/train/src/kernels/wasm/a.ts', '../../../../core/src/model-spec.js'],
  ['tests/packaging/src/a.test.ts', '../../support/src/index.js'],
  ['apps/docs/src/a.ts', '../../../packages/core/src/index.js'],
];
const ALLOWED: [path: string, specifier: string][] = [
  ['packages/infer-node/src/b.test.ts', '@imdb-rnn/export-onnx/testing'],
  ['packages/infer-node/src/c.test.ts', '@imdb-rnn/test-support/imdb'],
  ['packages/train/src/kernels/b.ts', '../model/index.js'],
  ['packages/train/src/kernels/wasm/b.ts', '../../io/atomic-write.js'],
];
const IMPORT = 'import { x } from ';

/** Writes the probe files, lints them in one Biome run, returns the exit status and the rule's hits (`path:line:column`). */
function lintProbes(probes: [path: string, specifier: string][]): {
  status: number | null;
  hits: string[];
} {
  const dir = mkdtempSync(join(scratch, 'run-'));
  copyFileSync(join(repoRoot, 'biome.json'), join(dir, 'biome.json'));
  for (const [path, specifier] of probes) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), `${IMPORT}'${specifier}';\nexport const probe = x;\n`);
  }
  const result = spawnSync(
    process.execPath,
    [biome, 'lint', '--colors=off', '--max-diagnostics=100', '.'],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  const hits = `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((line) => line.includes('lint/style/noRestrictedImports'))
    .map((line) => line.trim().split(' ')[0]!);
  return { status: result.status, hits: hits.sort() };
}

describe('lint: no relative imports into another workspace package', () => {
  it('fails on each ../../<package>/ import, from src, bench, test-support, another test workspace or the docs', () => {
    const { status, hits } = lintProbes(FORBIDDEN);
    const expected = FORBIDDEN.map(([path]) => `${path}:1:${IMPORT.length + 1}`);
    expect(hits).toEqual(expected.sort());
    expect(status).not.toBe(0);
  }, 30_000);

  it('passes imports by package name and relative imports inside a package', () => {
    const { status, hits } = lintProbes(ALLOWED);
    expect(hits).toEqual([]);
    expect(status).toBe(0);
  }, 30_000);
});
