import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL_NAMES as CORE_MODEL_NAMES } from '@imdb-rnn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { MODEL_NAMES as SOURCE_MODEL_NAMES } from '../src/model-names.js';
import { ASSETS, checkPackage, MODEL_NAMES, PACKAGE_DIR } from './manifest.mjs';

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the package's README and assets, to break on purpose. */
function copyPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'imdb-rnn-models-'));
  copies.push(dir);
  cpSync(join(PACKAGE_DIR, ASSETS), join(dir, ASSETS), { recursive: true });
  cpSync(join(PACKAGE_DIR, 'README.md'), join(dir, 'README.md'));
  return dir;
}

function editManifest(dir: string, edit: (models: Record<string, unknown>[]) => void): void {
  const path = join(dir, ASSETS, 'models.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  edit(manifest.models);
  writeFileSync(path, JSON.stringify(manifest, null, 2));
}

describe('the models package', () => {
  it('ships files that match models.json, their embedded metadata and the model cards', async () => {
    expect(await checkPackage(PACKAGE_DIR)).toEqual([]);
  });

  it('names the same models in the manifest, the sources, the exports map and core', () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, ASSETS, 'models.json'), 'utf8'));
    const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
    const subpaths = Object.keys(pkg.exports)
      .filter((key) => !['.', './package.json'].includes(key))
      .map((key) => key.slice(2));
    expect(manifest.models.map((m: { name: string }) => m.name)).toEqual(MODEL_NAMES);
    expect([...SOURCE_MODEL_NAMES]).toEqual(MODEL_NAMES);
    expect(subpaths).toEqual(MODEL_NAMES);
    expect([...CORE_MODEL_NAMES]).toEqual(MODEL_NAMES);
  });
});

describe('checkPackage fails when a file and models.json disagree', () => {
  it('on a changed model file (one byte of the weights)', async () => {
    const dir = copyPackage();
    const file = join(dir, ASSETS, 'gru.int8.onnx');
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1]! ^= 0xff; // inside the embedding table
    writeFileSync(file, bytes);
    const problems = await checkPackage(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^models\.json "gru": sha256 [0-9a-f]{64}, the file's is [0-9a-f]{64}$/,
    );
  });

  it('on a model file swapped for another (size, hash and embedded metadata)', async () => {
    const dir = copyPackage();
    cpSync(join(dir, ASSETS, 'lstm.int8.onnx'), join(dir, ASSETS, 'rnn.int8.onnx'));
    const problems = await checkPackage(dir);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^models\.json "rnn": bytes \d+, the file has \d+$/),
        'models.json "rnn": architecture rnn, the file\'s metadata says lstm',
        expect.stringMatching(
          /^models\.json "rnn": accuracy 0\.7588, the file's metadata says 0\.88/,
        ),
      ]),
    );
  });

  it('on an accuracy in models.json that the file does not record', async () => {
    const dir = copyPackage();
    editManifest(dir, (models) => {
      models[3]!.accuracy = 0.95;
    });
    const problems = await checkPackage(dir);
    expect(problems).toContain(
      'models.json "bilstm": accuracy 0.95, the file\'s metadata says 0.88652',
    );
    // The cards are rendered from models.json, so they no longer match either.
    expect(problems).toContain(
      'README.md: the model cards differ from models.json (run scripts/generate.mjs)',
    );
  });

  it('on a pooling or dropout in models.json that the file does not record', async () => {
    const dir = copyPackage();
    editManifest(dir, (models) => {
      const spec = models[3]!.spec as Record<string, unknown>;
      spec.pooling = 'last-max-mean';
      spec.dropout = 0.65;
    });
    const problems = await checkPackage(dir);
    expect(problems).toContain(
      'models.json "bilstm": pooling last-max-mean, the file\'s metadata says last',
    );
    expect(problems).toContain('models.json "bilstm": dropout 0.65, the file\'s metadata says 0.5');
  });

  it('on a missing model file and on a file models.json does not list', async () => {
    const dir = copyPackage();
    rmSync(join(dir, ASSETS, 'lstm.int8.onnx'));
    cpSync(join(dir, ASSETS, 'gru.int8.onnx'), join(dir, ASSETS, 'extra.int8.onnx'));
    expect(await checkPackage(dir)).toEqual([
      `${ASSETS}/extra.int8.onnx: not in models.json`,
      `models.json "lstm": ${ASSETS}/lstm.int8.onnx is missing`,
    ]);
  });

  it('on a hand-edited model card', async () => {
    const dir = copyPackage();
    const readme = join(dir, 'README.md');
    writeFileSync(readme, readFileSync(readme, 'utf8').replace('88.47%', '91.00%'));
    expect(await checkPackage(dir)).toEqual([
      'README.md: the model cards differ from models.json (run scripts/generate.mjs)',
    ]);
  });
});
