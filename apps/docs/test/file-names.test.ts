// Every model file name the guides and the infer-web and models READMEs mention must be one that a
// command writes: `imdb-rnn train` writes models/<arch>-seed<n>.safetensors and
// models/<arch>.{fp32,int8}.onnx, `imdb-rnn export` writes <artifact stem>.<weights>.onnx,
// and @imdb-rnn/models ships <name>.int8.onnx. (Names such as `lstm-int8.onnx` or
// `runs/lstm.onnx` were in the docs once; no command ever wrote them.)
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DOCS_SRC = fileURLToPath(new URL('../src', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MODEL = '(?:rnn|gru|lstm|bilstm|<arch>|<name>|\\*)';
const SEED = '-seed(?:\\d+|<n>)';
// `best` is only ever a models-package file (generate.mjs --name best): no seed, int8 only.
const WRITTEN = new RegExp(
  `^(?:${MODEL}(?:(?:${SEED})?\\.(?:fp32|fp16|int8)\\.onnx|${SEED}\\.safetensors)|best\\.int8\\.onnx)$`,
);

function pages(): string[] {
  const files = readdirSync(DOCS_SRC, { recursive: true, encoding: 'utf8' })
    // The API reference is generated from the packages' doc comments.
    .filter((file) => file.endsWith('.md') && !file.startsWith('api'))
    .map((file) => join(DOCS_SRC, file));
  return [
    ...files,
    join(REPO_ROOT, 'packages/infer-web/README.md'),
    join(REPO_ROOT, 'packages/models/README.md'),
  ];
}

describe('model file names in the docs', () => {
  it('are all names a command writes', () => {
    const wrong: string[] = [];
    let seen = 0;
    for (const page of pages()) {
      const text = readFileSync(page, 'utf8');
      for (const [name] of text.matchAll(/[\w<>*{},.-]+\.(?:onnx|safetensors)\b/g)) {
        seen++;
        if (!WRITTEN.test(name)) wrong.push(`${relative(REPO_ROOT, page)}: ${name}`);
      }
    }
    expect(seen).toBeGreaterThan(5);
    expect(wrong).toEqual([]);
  });

  it('refuses the names no command writes', () => {
    for (const name of [
      'lstm-int8.onnx',
      'lstm.onnx',
      'bilstm.safetensors',
      'model.int8.onnx',
      'best-seed1.safetensors',
      'best.fp32.onnx',
    ]) {
      expect(WRITTEN.test(name), name).toBe(false);
    }
    for (const name of [
      'bilstm.int8.onnx',
      'best.int8.onnx',
      'gru-seed2.safetensors',
      'lstm-seed1.fp32.onnx',
    ]) {
      expect(WRITTEN.test(name), name).toBe(true);
    }
  });
});
