import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../faults/killable-cli.test-support';

// @imdb-rnn/infer-node is an optional peer of train, so `imdb-rnn classify`
// must work out that it is missing and say what to install. The real CLI runs
// in a child process whose resolve hook looks for @imdb-rnn/infer-node from an
// empty folder, so Node fails exactly as it does where the package was never
// installed; every other import resolves as usual.
let cli: Awaited<ReturnType<typeof bundleCli>>;
let empty: string;
beforeAll(async () => {
  cli = await bundleCli();
  empty = await mkdtemp(join(tmpdir(), 'imdb-rnn-no-infer-node-'));
}, 120_000);
afterAll(async () => {
  await cli?.remove();
  if (empty) await rm(empty, { recursive: true, force: true });
});

function runWithoutInferNode(args: string[]) {
  const from = pathToFileURL(join(empty, 'importer.mjs')).href;
  const hook = `export async function resolve(specifier, context, next) {
    return next(specifier, specifier === '@imdb-rnn/infer-node' ? { ...context, parentURL: ${JSON.stringify(from)} } : context);
  }`;
  const register = `import { register } from 'node:module';
    register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  return spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, cli.path, ...args],
    { encoding: 'utf8', timeout: 120_000 },
  );
}

describe('imdb-rnn classify without @imdb-rnn/infer-node', () => {
  it('says exactly what to install and exits 1', () => {
    const run = runWithoutInferNode(['classify', '--model', 'model.onnx', 'A fine film.']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('npm install @imdb-rnn/infer-node');
    expect(run.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('still runs the training commands, which never load it', () => {
    const run = runWithoutInferNode(['train', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: imdb-rnn train');
  });
});
