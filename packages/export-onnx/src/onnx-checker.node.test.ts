import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARCHITECTURES, POOLINGS } from '@imdb-rnn/core';
import { afterAll, describe, expect, it } from 'vitest';
import { exportOnnx } from './export-onnx.js';
import { randomArtifact } from './testing/random-artifact.js';
import { WEIGHT_FORMATS } from './weight-format.js';

// The official checker from Debian's python3-onnx (1.12); CI installs it via .ci/apt-deps.
const PYTHON = '/usr/bin/python3';
const CHECK = `
import sys, onnx
for path in sys.argv[1:]:
    onnx.checker.check_model(onnx.load(path), full_check=True)
    print("ok", path)
`;
const available = spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0;
const directory = mkdtempSync(join(tmpdir(), 'imdb-rnn-onnx-check-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('official ONNX checker (onnx.checker.check_model, full_check=True)', () => {
  if (!available && !process.env.CI) {
    it.skip(`needs ${PYTHON} with the onnx module (apt-get install python3-onnx)`, () => {});
    return;
  }

  it('is installed (CI must run the checker, never skip it)', () => {
    expect(available, `${PYTHON} cannot import onnx: install python3-onnx (see .ci/apt-deps)`).toBe(
      true,
    );
  });

  it('accepts every architecture with every pooling in every weight format', () => {
    const paths: string[] = [];
    for (const arch of ARCHITECTURES) {
      for (const pooling of POOLINGS) {
        const overrides = { vocabSize: 40, embeddingSize: 6, hiddenSize: 5, pooling };
        const artifact = randomArtifact(arch, 2, overrides);
        for (const weights of WEIGHT_FORMATS) {
          const path = join(directory, `${arch}-${pooling}-${weights}.onnx`);
          writeFileSync(path, exportOnnx(artifact, { weights }));
          paths.push(path);
        }
      }
    }
    const result = spawnSync(PYTHON, ['-c', CHECK, ...paths], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(paths.length);
  }, 60_000);
});
