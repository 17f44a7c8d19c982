// Runs core's vitest test files unchanged under Deno: esbuild bundles each test
// file with `vitest` aliased to a small shim over Deno.test, then `deno test`
// runs the bundles. Bundling (rather than pointing Deno at the TypeScript) keeps
// core's sources free of Deno-only import rules and proves the built code is
// runtime-agnostic: the bundle may use nothing but web-standard APIs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.deno-tests');
const srcDir = join(root, 'src');

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    // *.node.test.ts files may use Node APIs and are for Node only.
    return entry.name.endsWith('.test.ts') && !entry.name.endsWith('.node.test.ts') ? [path] : [];
  });
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const tests = findTests(srcDir);
if (tests.length === 0) {
  console.error('test-deno: no test files found under src/');
  process.exit(1);
}
await build({
  entryPoints: tests,
  outdir: outDir,
  outbase: srcDir,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  alias: { vitest: join(root, 'scripts', 'vitest-deno-shim.ts') },
  external: ['node:assert'],
  entryNames: '[dir]/[name]',
  logLevel: 'warning',
});
mkdirSync(join(root, 'test-results'), { recursive: true });
const denoBin = join(root, 'node_modules', '.bin', 'deno');
const result = spawnSync(
  denoBin,
  ['test', '--no-check', '--no-prompt', `--junit-path=${join(root, 'test-results', 'deno.xml')}`, relative(root, outDir)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } },
);
process.exit(result.status ?? 1);
