import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { exportOnnx } from './export-onnx.js';
import { readOnnxInfo } from './read-onnx-metadata.js';
import { randomArtifact } from './testing/random-artifact.js';

// The main entry must run outside Node. esbuild bundles it for the neutral platform
// (a node: import or Buffer dependency fails to resolve), then Deno, with no
// permissions at all, exports a model: the bytes must equal Node's exactly.
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const deno = join(packageRoot, 'node_modules', '.bin', 'deno');
const directory = mkdtempSync(join(tmpdir(), 'imdb-rnn-export-deno-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const ENTRY = `
import { exportOnnx, readOnnxInfo } from './src/index.ts';
import { randomArtifact } from './src/testing/random-artifact.ts';
const bytes = exportOnnx(randomArtifact('bilstm', 5), { weights: 'int8' });
const info = readOnnxInfo(bytes);
let hash = 0;
for (const byte of bytes) hash = (Math.imul(hash, 31) + byte) | 0;
console.log(JSON.stringify({ length: bytes.length, hash, name: info.metadata.name, weights: info.weights }));
`;

describe('runtime-agnostic main entry', () => {
  it('bundles without Node built-ins and exports byte-identical models in Deno', async () => {
    const outfile = join(directory, 'export.mjs');
    await build({
      stdin: { contents: ENTRY, resolveDir: packageRoot, loader: 'ts' },
      bundle: true,
      platform: 'neutral',
      mainFields: ['module', 'main'],
      format: 'esm',
      target: 'es2022',
      outfile,
      logLevel: 'silent',
    });
    const result = spawnSync(deno, ['run', '--no-prompt', '--no-config', outfile], {
      encoding: 'utf8',
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    });
    expect(result.stderr).toBe('');
    const bytes = exportOnnx(randomArtifact('bilstm', 5), { weights: 'int8' });
    let hash = 0;
    for (const byte of bytes) hash = (Math.imul(hash, 31) + byte) | 0;
    expect(JSON.parse(result.stdout)).toEqual({
      length: bytes.length,
      hash,
      name: 'bilstm',
      weights: readOnnxInfo(bytes).weights,
    });
  }, 60_000);
});
