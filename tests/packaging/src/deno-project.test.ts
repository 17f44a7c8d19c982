// @imdb-rnn/core and export-onnx's library entry under Deno, from their tarballs: npm installs
// them into a fresh project, Deno resolves the bare specifiers through that project's
// package.json and node_modules (--node-modules-dir=manual) and runs with no permissions.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@imdb-rnn/core';
import { exportOnnx } from '@imdb-rnn/export-onnx';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { tinyArtifact } from './fixtures/tiny-artifact.mjs';
import { lastJsonLine } from './json-output.js';
import { createNpmProject, type NpmProject } from './npm-project.js';
import { runCommand } from './run-command.js';
import { DENO_BIN, FIXTURES } from './workspace.js';

interface DenoReport {
  runtime: string;
  resolved: { core: string; exportOnnx: string };
  tokens: string[];
  ids: number[][];
  validated: string;
  rejected: string | null;
  onnx: { bytes: number; sha256: string; name: string; weights: string };
}

const context = inject('packaging');
const SCRIPT = join('fixtures', 'deno', 'main.ts');
let project: NpmProject;
let denoRun: Promise<DenoReport> | undefined;

function deno(command: 'run' | 'check') {
  // No --allow-* flags: --no-prompt turns any permission request into an error.
  const flags = command === 'run' ? ['--no-prompt'] : [];
  return runCommand(DENO_BIN, [command, ...flags, '--node-modules-dir=manual', SCRIPT], {
    cwd: project.dir,
    env: {
      ...project.env,
      DENO_DIR: join(project.dir, '.deno'),
      DENO_NO_UPDATE_CHECK: '1',
    },
  });
}

/** `deno run` once; several tests read its report. */
function denoReport(): Promise<DenoReport> {
  denoRun ??= deno('run').then((result) => {
    if (result.status !== 0) throw new Error(`deno run ${SCRIPT} failed:\n${result.stderr}`);
    console.log(`deno run: ${(result.ms / 1000).toFixed(1)} s`);
    return lastJsonLine<DenoReport>(result.stdout, 'deno run');
  });
  return denoRun;
}

describe('installed core and export-onnx tarballs under Deno', () => {
  beforeAll(async () => {
    if (!existsSync(DENO_BIN)) {
      throw new Error(`Deno not found at ${DENO_BIN} (@imdb-rnn/core's devDependency "deno")`);
    }
    project = await createNpmProject(context, {
      name: 'deno',
      packages: ['core', 'export-onnx'],
      copyFrom: FIXTURES,
      copyInto: 'fixtures',
    });
    console.log(
      `npm install (deno project, 2 tarballs): ${(project.installMs / 1000).toFixed(1)} s`,
    );
  });

  it('runs with no permissions and resolves both packages inside the temporary project', async () => {
    const report = await denoReport();
    expect(report.runtime).toMatch(/^deno \d+\.\d+\.\d+$/);
    expect(report.resolved.core).toBe(
      `file://${join(project.dir, 'node_modules/@imdb-rnn/core/dist/index.js')}`,
    );
    expect(report.resolved.exportOnnx).toBe(
      `file://${join(project.dir, 'node_modules/@imdb-rnn/export-onnx/dist/index.js')}`,
    );
  });

  it('tokenizes, encodes and validates metadata as in Node', async () => {
    const report = await denoReport();
    expect(report.tokens).toEqual(core.tokenize("It's a <br /> GREAT film!"));
    expect(report.ids).toEqual([[5, 6, 2, 3], [4, 0, 0], [2, 2, 3, 0, 6, 4, 3], [0]]);
    expect(report.validated).toBe('tiny-gru');
    expect(report.rejected).toBe(
      'MetadataError: metadata.spec.vocabSize: expected 6 (the length of metadata.vocab), got 7',
    );
  });

  it('exports the same int8 ONNX bytes as Node does from the same artifact', async () => {
    const report = await denoReport();
    const nodeBytes = exportOnnx(tinyArtifact(core), { weights: 'int8' });
    expect(report.onnx.bytes).toBe(nodeBytes.length);
    expect(report.onnx.sha256).toBe(createHash('sha256').update(nodeBytes).digest('hex'));
    expect(report.onnx.name).toBe('tiny-gru');
    expect(report.onnx.weights).toBe('int8');
  });

  it("deno check type-checks the script against the tarballs' .d.ts files", async () => {
    const result = await deno('check');
    expect(result.status, result.stderr).toBe(0);
  });
});
